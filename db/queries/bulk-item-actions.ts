// A lead's bulk action on one batch of items (ids checked to be the project's), in one
// transaction, and the one audit row of the whole job. The bulk-items job
// (lib/bulk/server/bulk-items-job.ts) calls these batch after batch; every action is idempotent,
// so a retried job counts what an earlier attempt did as "already".
import "server-only";
import { and, asc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { adjudications, goldItems, itemResolutions, items, projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { excludeItems, includeItems } from "./item-exclusions";
import { refreshItemsResolutions } from "./resolutions";
import { sendBackInTransaction } from "./review";
import type { BulkAction, BulkTarget } from "@/lib/bulk/bulk-action";

export type BatchOutcome = { changed: number; already: number };

const REQUEST_RATIONALE = "One more annotation requested from the data browser.";

export async function applyBulkAction({
  db,
  projectId,
  action,
  itemIds,
  actorId,
  jobId,
  reason = "",
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  action: BulkAction;
  itemIds: readonly number[];
  actorId: string;
  jobId: number | null;
  reason?: string;
  now?: Date;
}): Promise<BatchOutcome> {
  if (itemIds.length === 0) return { changed: 0, already: 0 };
  return await db.transaction(async (tx) => {
    switch (action) {
      case "send_to_review":
        return await sendToReview(tx, projectId, itemIds, actorId, now);
      case "request_annotation":
        return await requestAnnotation(tx, projectId, itemIds, actorId, now);
      case "reopen":
        return await reopen(tx, projectId, itemIds, now);
      case "exclude":
        return await excludeItems(tx, { projectId, itemIds, reason, jobId, actorId, now });
      case "include":
        return await includeItems(tx, { projectId, itemIds, actorId, now });
      case "add_to_gold":
        return await addToGold(tx, projectId, itemIds, actorId, now);
      default:
        return unknownAction(action);
    }
  });
}

/**
 * Gold items whose known answer is each item's final label (source "bulk"). An item already gold
 * keeps its answer (replacing answers is the item page's, one at a time); an item without a final
 * label (unresolved, or nobody labelled it) has no answer to take and is left out.
 */
async function addToGold(tx: Executor, projectId: string, itemIds: readonly number[], actorId: string, now: Date): Promise<BatchOutcome> {
  const finals = await tx
    .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
    .from(itemResolutions)
    .where(and(eq(itemResolutions.projectId, projectId), inArray(itemResolutions.itemId, [...itemIds]), ne(itemResolutions.method, "unresolved")));
  const gold = new Set(
    (
      await tx
        .select({ itemId: goldItems.itemId })
        .from(goldItems)
        .where(and(eq(goldItems.projectId, projectId), inArray(goldItems.itemId, [...itemIds]), isNull(goldItems.removedAt)))
    ).map((row) => row.itemId),
  );
  const added = finals.filter((f) => f.labels.length > 0 && !gold.has(f.itemId));
  if (added.length > 0) {
    await tx.insert(goldItems).values(added.map((f) => ({ projectId, itemId: f.itemId, labels: f.labels, source: "bulk" as const, createdBy: actorId, createdAt: now })));
  }
  return { changed: added.length, already: itemIds.length - added.length };
}

function unknownAction(action: never): never {
  throw new Error(`No bulk action "${String(action)}".`);
}

/** What the request_review row says, for the item's history and the reviewer's panel. */
const REVIEW_REQUEST_RATIONALE = "Sent to review from the data browser.";

/**
 * Puts items in the review queue until a reviewer acts: a request_review adjudication row per
 * item, which the item's resolution reads as "no decision, and a review is wanted" (reason
 * "requested", db/queries/resolutions.ts), so the request outlives every later recomputation
 * (a new label, a refit, a change of review settings) until a reviewer decides or sends the item
 * back. An item whose latest adjudication is already a request is left as it is. Items already
 * waiting in the queue for another reason get the request too (their place no longer hangs on
 * that reason) but count as "already".
 */
async function sendToReview(tx: Executor, projectId: string, itemIds: readonly number[], actorId: string, now: Date): Promise<BatchOutcome> {
  const latest = new Map<number, string>();
  // Oldest first: the last row seen per item is the one in force.
  for (const row of await tx
    .select({ itemId: adjudications.itemId, action: adjudications.action })
    .from(adjudications)
    .where(inArray(adjudications.itemId, [...itemIds]))
    .orderBy(asc(adjudications.createdAt), asc(adjudications.id))) {
    latest.set(row.itemId, row.action);
  }
  const waiting = new Set(
    (
      await tx
        .select({ itemId: itemResolutions.itemId })
        .from(itemResolutions)
        .where(and(inArray(itemResolutions.itemId, [...itemIds]), gt(itemResolutions.reviewNeed, 0)))
    ).map((r) => r.itemId),
  );
  const toRequest = itemIds.filter((id) => latest.get(id) !== "request_review");
  if (toRequest.length > 0) {
    await tx
      .insert(adjudications)
      .values(toRequest.map((itemId) => ({ projectId, itemId, reviewerId: actorId, action: "request_review" as const, rationale: REVIEW_REQUEST_RATIONALE, createdAt: now })));
    await refreshItemsResolutions(tx, { projectId, itemIds: toRequest, now });
  }
  const changed = toRequest.filter((id) => !waiting.has(id)).length;
  return { changed, already: itemIds.length - changed };
}

/**
 * The reviewer's send-back asking for one more annotation, item by item, for items that have the
 * annotations they wait for. An open item (short of its overlap, or sent back already and
 * waiting) is already getting more annotations: nothing is written for it.
 */
async function requestAnnotation(tx: Executor, projectId: string, itemIds: readonly number[], actorId: string, now: Date): Promise<BatchOutcome> {
  const closed = (
    await tx
      .select({ id: items.id })
      .from(items)
      .where(and(inArray(items.id, [...itemIds]), eq(items.open, false)))
  ).map((r) => r.id);
  for (const itemId of closed) {
    await sendBackInTransaction(tx, { projectId, itemId, reviewerId: actorId, extra: 1, rationale: REQUEST_RATIONALE, allowOwn: true, now, audit: false });
  }
  return { changed: closed.length, already: itemIds.length - closed.length };
}

/**
 * Reopens labelled items for one more label: the annotations an item waits for become one more
 * than it has (items.extra_annotations grows, as a send-back's does, and never shrinks), so it
 * is back in the annotators' queues. Open items are already open.
 */
async function reopen(tx: Executor, projectId: string, itemIds: readonly number[], now: Date): Promise<BatchOutcome> {
  const overlap = (await tx.select({ overlap: projects.overlap }).from(projects).where(eq(projects.id, projectId)).limit(1))[0]!.overlap;
  const closed = (
    await tx
      .select({ id: items.id })
      .from(items)
      .where(and(inArray(items.id, [...itemIds]), eq(items.open, false)))
  ).map((r) => r.id);
  if (closed.length > 0) {
    await tx
      .update(items)
      .set({ extraAnnotations: sql`${items.labelledBy} - ${overlap} + 1`, open: true })
      .where(and(inArray(items.id, closed), eq(items.open, false), gt(sql`${items.labelledBy} + 1`, sql`${overlap} + ${items.extraAnnotations}`)));
    await refreshItemsResolutions(tx, { projectId, itemIds: closed, now });
  }
  return { changed: closed.length, already: itemIds.length - closed.length };
}

/** The job's one audit row: what was done, to which items, and how many it changed. */
export async function recordBulkAction({
  db,
  projectId,
  actorId,
  jobId,
  action,
  target,
  counts,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  jobId: number;
  action: BulkAction;
  target: BulkTarget;
  counts: { changed: number; already: number; missing: number };
}): Promise<void> {
  await db.transaction(async (tx) => {
    await recordAudit(tx, {
      projectId,
      actorId,
      action: `items.bulk.${action}`,
      targetType: "job",
      targetId: jobId,
      details: {
        action,
        target: target.kind === "filter" ? { kind: "filter", query: target.query } : { kind: "selection", items: target.itemIds.length },
        ...counts,
      },
    });
  });
}
