// An ExportFilesWriter whose writing and hashing run on a job's worker thread, the export-files
// job's: this thread reads the frozen records a page at a time and hands each page over once the
// worker has taken the one before, so neither side holds more than a page or two.
import "server-only";
import type { Db } from "@/db";
import { snapshotRecordPages } from "@/db/queries/exports";
import type { ExportManifest } from "@/lib/export/content-hash";
import type { JobThread } from "@/lib/jobs/job-thread";
import type { ExportFilesWriter } from "./export-snapshot";

export function filesWriterOnThread(thread: JobThread, db: Db, onPage: (written: number) => Promise<void> = async () => {}): ExportFilesWriter {
  return async ({ snapshotId, ...request }) => {
    await thread.call<void>("files.begin", request);
    let written = 0;
    for await (const page of snapshotRecordPages({ db, snapshotId })) {
      await thread.call<void>("files.add", page);
      written += page.length;
      await onPage(written);
    }
    return await thread.call<ExportManifest>("files.end", null);
  };
}
