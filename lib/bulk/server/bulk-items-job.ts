/**
 * A lead's bulk action from the data browser as one background job (docs/decisions/0004): the
 * route answers at once with the job, and the job walks its items in batches of BATCH, each in a
 * transaction of its own with the event loop free between them, reporting progress after each.
 * A filtered set is resolved here, batch by batch in id order (db/queries/bulk-item-targets.ts),
 * so a million-item project never has all its ids in memory. One audit row records the action
 * and its counts when the job ends.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { yieldToEventLoop } from "@/db/event-loop";
import { applyBulkAction, recordBulkAction } from "@/db/queries/bulk-item-actions";
import { countAllMatchingItems, itemsOfProject, matchingItemIds } from "@/db/queries/bulk-item-targets";
import type { JobRecord } from "@/db/queries/jobs";
import type { JobProgress } from "@/db/schema";
import { parseItemView, type ItemView } from "@/lib/browse/item-view";
import { BULK_ACTION_TEXT, type BulkAction, type BulkResult, type BulkTarget } from "@/lib/bulk/bulk-action";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";

export type BulkItemsPayload = { action: BulkAction; target: BulkTarget; reason: string; actorId: string };

/** Items per transaction: small enough that a batch holds SQLite's one writer for milliseconds. */
export const BATCH = 500;

/** The view a filter target names, without the sort and page position the browser's link may carry. */
export function filterView(query: string): ItemView {
  const { after: _after, ...view } = parseItemView(new URLSearchParams(query));
  return { ...view, sort: "id" };
}

/** The batches of a target, in id order. */
async function* batchesOf(db: Db, projectId: string, target: BulkTarget, size: number): AsyncGenerator<{ ids: number[]; asked: number }> {
  if (target.kind === "selection") {
    const asked = [...new Set(target.itemIds)].sort((a, b) => a - b);
    for (let i = 0; i < asked.length; i += size) {
      const slice = asked.slice(i, i + size);
      yield { ids: await itemsOfProject({ db, projectId, itemIds: slice }), asked: slice.length };
    }
    return;
  }
  const view = filterView(target.query);
  for (let afterId = 0; ; ) {
    const ids = await matchingItemIds({ db, projectId, view, afterId, limit: size });
    if (ids.length === 0) return;
    yield { ids, asked: ids.length };
    afterId = ids[ids.length - 1]!;
  }
}

/** Runs the action over its whole target; exported apart from the job kind so tests can pick a batch size. */
export async function runBulkAction({
  db,
  projectId,
  jobId,
  payload,
  reportProgress,
  signal,
  batchSize = BATCH,
}: {
  db: Db;
  projectId: string;
  jobId: number;
  payload: BulkItemsPayload;
  reportProgress: (progress: JobProgress) => Promise<void>;
  signal?: AbortSignal;
  batchSize?: number;
}): Promise<BulkResult> {
  const { action, target, reason, actorId } = payload;
  const message = BULK_ACTION_TEXT[action].title;
  const total = target.kind === "selection" ? new Set(target.itemIds).size : await countAllMatchingItems({ db, projectId, view: filterView(target.query) });
  const result: BulkResult = { action, changed: 0, already: 0, missing: 0 };
  let done = 0;
  await reportProgress({ done, total, message });
  for await (const batch of batchesOf(db, projectId, target, batchSize)) {
    // A runner that lost its lease stops here; what it did so far stays done, and the new owner
    // counts it as "already".
    signal?.throwIfAborted();
    const outcome = await applyBulkAction({ db, projectId, action, itemIds: batch.ids, actorId, jobId, reason });
    result.changed += outcome.changed;
    result.already += outcome.already;
    result.missing += batch.asked - batch.ids.length;
    done += batch.asked;
    // A filter's set can grow while the job walks it (new items imported): the total follows.
    await reportProgress({ done, total: Math.max(total, done), message });
    await yieldToEventLoop();
  }
  await recordBulkAction({ db, projectId, actorId, jobId, action, target, counts: { changed: result.changed, already: result.already, missing: result.missing } });
  return result;
}

export const bulkItemsJob: JobKind<BulkItemsPayload, BulkResult> = {
  kind: "bulk-items",
  // Every action is idempotent, so a second attempt after a crash finishes the rest.
  maxAttempts: 3,
  // Each request has a key of its own (requestBulkAction), so nothing is ever merged.
  merge: (queued) => queued,
  run: ({ db, job, payload, reportProgress, signal }) => runBulkAction({ db, projectId: job.projectId!, jobId: job.id, payload, reportProgress, signal }),
};

/** Queues the action. Two requests are two jobs, even when alike: the lead asked twice. */
export function requestBulkAction({ db, projectId, payload }: { db: Db; projectId: string; payload: BulkItemsPayload }): Promise<JobRecord> {
  return enqueue({ db, kind: bulkItemsJob, projectId, coalesceKey: `bulk-items:${projectId}:${randomUUID()}`, payload, createdBy: payload.actorId });
}
