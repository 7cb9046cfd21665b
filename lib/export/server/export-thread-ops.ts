/**
 * The export work a job's worker thread (lib/jobs/job-worker.ts) does on request: freezing a
 * snapshot's records (snapshot-freezer-thread.ts asks) and writing one format's files
 * (export-files-thread.ts asks). A thread serves one job, so the state of that job's work lives
 * here between calls.
 */
import "server-only";
import type { ExportRecord } from "@/lib/export/export-record";
import type { ExportManifest } from "@/lib/export/content-hash";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { PageChannel } from "@/lib/export/page-channel";
import { SnapshotFreezing } from "@/lib/export/snapshot-freezer";
import type { EligibleResolution, SnapshotAnnotation } from "@/lib/export/snapshot-records";
import type { SnapshotRules } from "@/lib/export/snapshot-row";
import type { SplitItem, SplitSettings } from "@/lib/export/stratified-split";
import type { ExportFormat } from "./format-writers";
import { writeExportFiles } from "./write-export-files";

export interface ExportFilesRequest {
  readonly format: ExportFormat;
  readonly writerVersion: number;
  readonly card: DatasetCardSnapshot;
  readonly outDir: string;
}

let freezing: SnapshotFreezing | null = null;
let writing: { records: PageChannel<ExportRecord>; manifest: Promise<ExportManifest> } | null = null;

const freezingState = () => (freezing ??= new SnapshotFreezing());

function openWrite() {
  if (!writing) throw new Error("The export's records arrived before files.begin.");
  return writing;
}

export const EXPORT_THREAD_OPS = {
  "freezer.startPlan": (settings: SplitSettings) => freezingState().startPlan(settings),
  "freezer.addToPlan": (items: SplitItem[]) => freezingState().addToPlan(items),
  "freezer.planSplit": () => freezingState().planSplit(),
  "freezer.freeze": ({ page, annotations, rules }: { page: EligibleResolution[]; annotations: SnapshotAnnotation[]; rules: Pick<SnapshotRules, "includeAnnotations"> }) =>
    freezingState().freeze(page, annotations, rules),
  "freezer.tally": () => freezingState().tally(),

  "files.begin": ({ format, writerVersion, card, outDir }: ExportFilesRequest) => {
    const records = new PageChannel<ExportRecord>();
    const manifest = writeExportFiles({ format, writerVersion, records, card, outDir });
    // Read by files.add (a failed write ends the sending) and files.end; never unhandled meanwhile.
    manifest.catch(() => {});
    writing = { records, manifest };
  },
  /** Resolves once the writer has taken the page, so the server sends the next one no sooner. */
  "files.add": async (records: ExportRecord[]) => {
    const open = openWrite();
    await Promise.race([open.records.push(records), open.manifest]);
  },
  "files.end": async (): Promise<ExportManifest> => {
    const open = openWrite();
    open.records.close();
    writing = null;
    return await open.manifest;
  },
} as const;
