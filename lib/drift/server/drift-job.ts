/**
 * Drift per import batch as a background job (lib/jobs/, docs/decisions/0004), coalesced per
 * project: the insights page's button queues it, a request made while one waits folds into it.
 * The items are read a window of ids at a time with a turn of the event loop between windows, and
 * each window is summarised (lengths, words, labels) before the next is read, so neither memory nor
 * the loop is held in proportion to the project: memory grows with its distinct words and lengths.
 * The result is stored in the job's result column; the page shows the latest one with its time.
 */
import "server-only";
import type { Db } from "@/db";
import { driftBatches, driftItemsInWindow } from "@/db/queries/drift";
import { projectItemWindows } from "@/db/queries/items";
import type { JobRecord } from "@/db/queries/jobs";
import { yieldToEventLoop } from "@/db/event-loop";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import { type BatchDrift, DRIFT_THRESHOLDS, DriftAccumulator } from "../batch-drift";

type DriftPayload = { createdBy: string | null };

export type BatchDriftRow = BatchDrift & { fileName: string; format: string; importedAt: string };

export type DriftResult = {
  /** Items read, and how many of them were in the labelled pool (resolved, any batch). */
  items: number;
  resolvedItems: number;
  batches: BatchDriftRow[];
  thresholds: typeof DRIFT_THRESHOLDS;
};

export const DRIFT_JOB_KIND = "import-drift";

/** Item ids per read: small enough that one window's summarising is a few milliseconds. */
const WINDOW = 250;

const coalesceKey = (projectId: string) => `import-drift:${projectId}`;

export const driftJob: JobKind<DriftPayload, DriftResult> = {
  kind: DRIFT_JOB_KIND,
  maxAttempts: 2,
  merge: (queued) => queued,
  async run({ db, job, reportProgress, signal }) {
    const projectId = job.projectId!;
    const drift = new DriftAccumulator();
    let itemCount = 0;
    let resolvedItems = 0;
    let windows = 0;
    for await (const { fromId, toId } of projectItemWindows({ db, projectId, width: WINDOW })) {
      if (signal.aborted) throw new Error("drift: the job's lease was lost; another runner carries it on");
      for (const item of await driftItemsInWindow({ db, projectId, fromId, toId })) {
        drift.add(item);
        itemCount++;
        if (item.resolvedLabels !== null) resolvedItems++;
      }
      if (++windows % 40 === 0) await reportProgress({ done: itemCount, total: itemCount, message: `read ${itemCount} items` });
      await yieldToEventLoop();
    }
    const info = new Map((await driftBatches({ db, projectId })).map((b) => [b.id, b]));
    const batches = drift.report().flatMap((row) => {
      const batch = info.get(row.batchId);
      return batch ? [{ ...row, fileName: batch.fileName, format: batch.format, importedAt: batch.createdAt.toISOString() }] : [];
    });
    return { items: itemCount, resolvedItems, batches, thresholds: DRIFT_THRESHOLDS };
  },
};

/** Queues a drift computation of the project, folded into one already waiting. */
export function requestDrift({ db, projectId, createdBy = null }: { db: Db; projectId: string; createdBy?: string | null }): Promise<JobRecord> {
  return enqueue({ db, kind: driftJob, projectId, coalesceKey: coalesceKey(projectId), payload: { createdBy }, createdBy });
}
