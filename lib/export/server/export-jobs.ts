/**
 * Export snapshots and export files as background jobs (lib/jobs/, docs/decisions/0004): the
 * route answers at once with the job, the database work runs on the runner's event loop a page at
 * a time, and the computing (records, split, files and their hashes) on the job's worker thread
 * (lib/jobs/job-thread.ts). The CLI runs the same jobs in its own process with runJobHere.
 */
import "server-only";
import type { Db } from "@/db";
import { createExportSnapshot, getExportSnapshot, getExportSnapshotById } from "@/db/queries/exports";
import { hasLiveJob, type JobRecord } from "@/db/queries/jobs";
import { getProjectById } from "@/db/queries/projects";
import { summarizerOnThread } from "@/lib/agreement/server/agreement-thread";
import { GoldsetError } from "@/lib/errors";
import type { ExportManifest } from "@/lib/export/content-hash";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import { withJobThread } from "@/lib/jobs/job-thread";
import { filesWriterOnThread } from "./export-files-thread";
import { exportSnapshot } from "./export-snapshot";
import type { ExportFormat } from "./format-writers";
import { freezerOnThread } from "./snapshot-freezer-thread";

type SnapshotPayload = { name: string; rules: SnapshotRules; createdBy: string | null };
export type SnapshotJobResult = { snapshotId: number; name: string; counts: SnapshotCounts };

type FilesPayload = { snapshotId: number; format: ExportFormat; outDir: string; actorId: string | null };
export type FilesJobResult = { snapshotId: number; format: ExportFormat; writerVersion: number; outDir: string; manifest: ExportManifest; firstTime: boolean };

const snapshotKey = (projectId: string, name: string) => `export-snapshot:${projectId}:${name}`;
const filesKey = ({ snapshotId, format, outDir }: FilesPayload) => `export-files:${snapshotId}:${format}:${outDir}`;

/** How often a long job stores its progress: often enough for the page, rarely enough to cost nothing. */
const PROGRESS_EVERY_MS = 1_000;

function throttled(report: (done: number, total: number, message: string) => Promise<void>) {
  let last = 0;
  return async (done: number, total: number, message: string) => {
    if (done > 0 && done < total && performance.now() - last < PROGRESS_EVERY_MS) return;
    last = performance.now();
    await report(done, total, message);
  };
}

export const exportSnapshotJob: JobKind<SnapshotPayload, SnapshotJobResult> = {
  kind: "export-snapshot",
  // A second attempt starts over (createExportSnapshot drops what the first left); a third would
  // meet the same error.
  maxAttempts: 2,
  // The same name asked for twice is the same snapshot.
  merge: (queued) => queued,
  async run({ db, job, payload, reportProgress }) {
    const progress = throttled((done, total, message) => reportProgress({ done, total, message }));
    const snapshot = await withJobThread((thread) =>
      createExportSnapshot({
        db,
        projectId: job.projectId!,
        name: payload.name,
        rules: payload.rules,
        createdBy: payload.createdBy,
        freezer: freezerOnThread(thread),
        summarizer: summarizerOnThread(thread),
        onProgress: ({ done, total, message }) => progress(done, total, message),
      }),
    );
    return { snapshotId: snapshot.id, name: snapshot.name, counts: snapshot.counts };
  },
};

export const exportFilesJob: JobKind<FilesPayload, FilesJobResult> = {
  kind: "export-files",
  // A write that failed (a full disk, a hash that no longer matches) fails where the lead sees it,
  // who asks again once it is fixed; retrying by itself would only repeat it.
  maxAttempts: 1,
  merge: (queued) => queued,
  async run({ db, job, payload, reportProgress }) {
    const project = await getProjectById({ db, projectId: job.projectId! });
    const snapshot = project ? await getExportSnapshotById({ db, projectId: project.id, id: payload.snapshotId }) : undefined;
    if (!project || !snapshot) throw new GoldsetError("not_found", `No snapshot ${payload.snapshotId} in this project.`);
    const total = snapshot.counts.items ?? 0;
    const progress = throttled((done) => reportProgress({ done, total, message: `writing ${payload.format}` }));
    const written = await withJobThread((thread) =>
      exportSnapshot({
        db,
        project,
        snapshot,
        format: payload.format,
        outDir: payload.outDir,
        actorId: payload.actorId,
        writeFiles: filesWriterOnThread(thread, db, (done) => progress(done, total, "")),
      }),
    );
    return { snapshotId: snapshot.id, format: payload.format, writerVersion: written.writerVersion, outDir: written.outDir, manifest: written.manifest, firstTime: written.firstTime };
  },
};

/**
 * Queues the snapshot `name` of the project. A name a snapshot already has, or one being made,
 * is refused here, so the lead hears of it at once rather than from a failed job.
 */
export async function requestExportSnapshot({ db, projectId, name, rules, createdBy }: { db: Db; projectId: string; name: string; rules: SnapshotRules; createdBy: string | null }): Promise<JobRecord> {
  if ((await getExportSnapshot({ db, projectId, name })) || (await hasLiveJob({ db, coalesceKey: snapshotKey(projectId, name) }))) {
    throw new GoldsetError("conflict", `A snapshot named "${name}" already exists or is being made; snapshots are immutable, so choose a new name.`);
  }
  return enqueue({ db, kind: exportSnapshotJob, projectId, coalesceKey: snapshotKey(projectId, name), payload: { name, rules, createdBy }, createdBy });
}

/** Queues writing one format of a snapshot into `outDir`; a write of the same files already waiting is that job. */
export function requestExportFiles({ db, projectId, snapshotId, format, outDir, actorId }: { db: Db; projectId: string; actorId: string | null } & Omit<FilesPayload, "actorId">): Promise<JobRecord> {
  const payload: FilesPayload = { snapshotId, format, outDir, actorId };
  return enqueue({ db, kind: exportFilesJob, projectId, coalesceKey: filesKey(payload), payload, createdBy: actorId });
}
