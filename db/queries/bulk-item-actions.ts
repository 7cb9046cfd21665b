// A lead's bulk action on one batch of items (ids checked to be the project's), in one
// transaction, and the one audit row of the whole job. The bulk-items job
// (lib/bulk/server/bulk-items-job.ts) calls these batch after batch; every action is idempotent,
// so a retried job counts what an earlier attempt did as "already".
import "server-only";
import { and, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { goldItems, itemResolutions, items, projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { excludeItems, includeItems } from "./item-exclusions";
import { refreshItemsResolutions } from "./resolutions";
import { sendBackInTransaction } from "./review";
import type { BulkAction, BulkTarget } from "@/lib/bulk/bulk-action";

export type BatchOutcome = { changed: number; already: number };

/**
 * The review need a lead's request gives an item: that of a plain disagreement, so requested
 * items sit among the contested ones rather than above or below them all.
 */
export const REQUESTED_REVIEW_NEED = 1;

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
        return await sendToReview(tx, projectId, itemIds, now);
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

/**
 * Puts items in the review queue (review_need > 0, reason "requested"). Items already there are
 * left as they are. An item nobody has annotated gets its resolution row first ("unresolved"),
 * so a reviewer can label it.
 *
 * The request lives on the derived row: the next recomputation of the item (a new label, a
 * decision, a refit, a change of review settings) replaces it with what the item's own facts say.
 */
async function sendToReview(tx: Executor, projectId: string, itemIds: readonly number[], now: Date): Promise<BatchOutcome> {
  const resolved = await tx
    .select({ itemId: itemResolutions.itemId, need: itemResolutions.reviewNeed })
    .from(itemResolutions)
    .where(inArray(itemResolutions.itemId, [...itemIds]));
  const known = new Set(resolved.map((r) => r.itemId));
  const unresolved = itemIds.filter((id) => !known.has(id));
  await refreshItemsResolutions(tx, { projectId, itemIds: unresolved, now });
  const waiting = new Set(resolved.filter((r) => r.need > 0).map((r) => r.itemId));
  const toSend = itemIds.filter((id) => !waiting.has(id));
  if (toSend.length > 0) {
    await tx
      .update(itemResolutions)
      .set({ reviewNeed: REQUESTED_REVIEW_NEED, reviewReasons: ["requested"], updatedAt: now })
      .where(and(inArray(itemResolutions.itemId, toSend), eq(itemResolutions.reviewNeed, 0)));
  }
  return { changed: toSend.length, already: waiting.size };
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
