// Gold items: items a lead gave a known answer, mixed into annotators' queues to measure each
// annotator's accuracy. The answer lives in gold_items, never in annotations, so it is not a vote:
// resolution, agreement, Dawid–Skene and exports never read this table. A row with removed_at null
// is in force; at most one is in force per item (replacing an answer removes the old row first,
// inside the project's write transaction, so two leads marking at once cannot both add one).
import "server-only";
import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { annotations, exportSnapshotRecords, goldItems, items, labels, projects, users, GOLD_SOURCES } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { inForce } from "./current-annotations";
import { getExportSnapshotById } from "./exports";
import { lookupChunks } from "./lookup-chunks";
import { sameLabelSet } from "./same-label-set";
import { GoldsetError } from "@/lib/errors";
import { checkAgainstLabelSet } from "@/lib/annotate/annotation-input";

export type GoldSource = (typeof GOLD_SOURCES)[number];
export type GoldAnswer = { itemId: number; labels: string[] };

/** Item ids listed in an audit row at most; a bigger mark records its count only. */
const AUDITED_ITEM_IDS = 100;

/**
 * Marks items as gold with their answers. Every answer is checked against the project's label set
 * and task type (at least one label; one for a single-label project) and every item must be in
 * the project; one bad answer refuses the whole call. Marking an item that is already gold
 * replaces its answer: the row in force is removed and a new one added, so the history stays.
 */
export async function markGoldItems({
  db,
  projectId,
  actorId,
  answers,
  source,
  snapshotId,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  answers: GoldAnswer[];
  source: GoldSource;
  snapshotId?: number;
  now?: Date;
}): Promise<{ marked: number; replaced: number }> {
  if (answers.length === 0) throw new GoldsetError("bad_request", "No items were given to mark as gold.");
  const seen = new Set<number>();
  for (const answer of answers) {
    if (seen.has(answer.itemId)) throw new GoldsetError("bad_request", `Item ${answer.itemId} is given twice; give each item one answer.`);
    seen.add(answer.itemId);
  }
  return await db.$projectTransaction(projectId, async (tx) => {
    const project = (await tx.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    if (!project) throw new GoldsetError("not_found", `No project ${projectId}.`);
    const labelNames = (await tx.select({ name: labels.name }).from(labels).where(eq(labels.projectId, projectId))).map((l) => l.name);
    const externalIds = new Map<number, string>();
    for (const chunk of lookupChunks(answers.map((a) => a.itemId))) {
      const found = await tx
        .select({ id: items.id, externalId: items.externalId })
        .from(items)
        .where(and(eq(items.projectId, projectId), inArray(items.id, chunk)));
      for (const row of found) externalIds.set(row.id, row.externalId);
    }
    answers.forEach((answer, index) => {
      const externalId = externalIds.get(answer.itemId);
      if (externalId === undefined) throw new GoldsetError("not_found", `Item ${answer.itemId} is not in this project; nothing was marked.`);
      try {
        checkAgainstLabelSet({ labels: answer.labels, notSure: false }, project.taskType, labelNames);
      } catch (error) {
        if (!(error instanceof GoldsetError)) throw error;
        throw new GoldsetError("bad_request", `Item ${externalId}: ${error.message} Nothing was marked.`, [
          { field: `answers.${index}.labels`, message: `answers.${index}.labels (item ${externalId}): ${error.message}` },
        ]);
      }
    });

    let replaced = 0;
    for (const chunk of lookupChunks(answers)) {
      const ids = chunk.map((a) => a.itemId);
      const removed = await tx
        .update(goldItems)
        .set({ removedAt: now, removedBy: actorId })
        .where(and(eq(goldItems.projectId, projectId), inArray(goldItems.itemId, ids), isNull(goldItems.removedAt)))
        .returning({ id: goldItems.id });
      replaced += removed.length;
      await tx.insert(goldItems).values(
        chunk.map((answer) => ({
          projectId,
          itemId: answer.itemId,
          labels: answer.labels,
          source,
          snapshotId: snapshotId ?? null,
          createdBy: actorId,
          createdAt: now,
        })),
      );
    }
    const itemIds = answers.map((a) => a.itemId);
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "gold.mark",
      targetType: "project",
      targetId: projectId,
      details: {
        source,
        snapshotId: snapshotId ?? null,
        items: answers.length,
        replaced,
        ...(itemIds.length <= AUDITED_ITEM_IDS ? { itemIds } : {}),
      },
      at: now,
    });
    return { marked: answers.length, replaced };
  });
}

/**
 * Marks every item of an export snapshot as gold with the snapshot's final label(s), source
 * "snapshot". Records whose labels are no longer all in the project's label set (a label renamed
 * or removed since) are left out and counted, rather than refusing the whole set.
 */
export async function markGoldSetFromSnapshot({
  db,
  projectId,
  actorId,
  snapshotId,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  snapshotId: number;
  now?: Date;
}): Promise<{ marked: number; replaced: number; skipped: number }> {
  const snapshot = await getExportSnapshotById({ db, projectId, id: snapshotId });
  if (!snapshot) throw new GoldsetError("not_found", `No finished export snapshot ${snapshotId} in this project.`);
  const known = new Set((await db.select({ name: labels.name }).from(labels).where(eq(labels.projectId, projectId))).map((l) => l.name));
  const records = await db
    .select({ itemId: exportSnapshotRecords.itemId, record: exportSnapshotRecords.record })
    .from(exportSnapshotRecords)
    .where(eq(exportSnapshotRecords.snapshotId, snapshotId))
    .orderBy(asc(exportSnapshotRecords.itemId));
  const usable = records.filter((r) => r.record.labels.length > 0 && r.record.labels.every((l) => known.has(l)));
  const skipped = records.length - usable.length;
  if (usable.length === 0) {
    throw new GoldsetError("bad_request", `Snapshot "${snapshot.name}" has no item whose final labels are all in the current label set; nothing was marked.`);
  }
  const result = await markGoldItems({
    db,
    projectId,
    actorId,
    answers: usable.map((r) => ({ itemId: r.itemId, labels: r.record.labels })),
    source: "snapshot",
    snapshotId,
    now,
  });
  return { ...result, skipped };
}

/** Takes items out of the gold set (their rows stay, marked removed, for the audit). */
export async function removeGoldItems({
  db,
  projectId,
  actorId,
  itemIds,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  itemIds: number[];
  now?: Date;
}): Promise<{ removed: number }> {
  return await db.$projectTransaction(projectId, async (tx) => {
    let removed = 0;
    for (const chunk of lookupChunks([...new Set(itemIds)])) {
      const rows = await tx
        .update(goldItems)
        .set({ removedAt: now, removedBy: actorId })
        .where(and(eq(goldItems.projectId, projectId), inArray(goldItems.itemId, chunk), isNull(goldItems.removedAt)))
        .returning({ itemId: goldItems.itemId });
      removed += rows.length;
    }
    if (removed > 0) {
      await recordAudit(tx, {
        projectId,
        actorId,
        action: "gold.remove",
        targetType: "project",
        targetId: projectId,
        details: { items: removed, ...(itemIds.length <= AUDITED_ITEM_IDS ? { itemIds } : {}) },
        at: now,
      });
    }
    return { removed };
  });
}

export type GoldItemRecord = {
  itemId: number;
  externalId: string;
  labels: string[];
  source: GoldSource;
  snapshotId: number | null;
  createdBy: string | null;
  createdAt: Date;
};

const inForceGold = (projectId: string) => and(eq(goldItems.projectId, projectId), isNull(goldItems.removedAt));

function goldItemColumns() {
  return {
    itemId: goldItems.itemId,
    externalId: items.externalId,
    labels: goldItems.labels,
    source: goldItems.source,
    snapshotId: goldItems.snapshotId,
    createdBy: users.name,
    createdAt: goldItems.createdAt,
  };
}

/** The project's gold items in force with their answers, in item order. For leads and reviewers only. */
export async function listGoldItems({ db, projectId }: { db: Executor; projectId: string }): Promise<GoldItemRecord[]> {
  return await db
    .select(goldItemColumns())
    .from(goldItems)
    .innerJoin(items, eq(items.id, goldItems.itemId))
    .leftJoin(users, eq(users.id, goldItems.createdBy))
    .where(inForceGold(projectId))
    .orderBy(asc(goldItems.itemId));
}

/** The gold answer in force on one item, or null. For leads and reviewers only. */
export async function goldAnswerFor({ db, projectId, itemId }: { db: Executor; projectId: string; itemId: number }): Promise<GoldItemRecord | null> {
  const row = (
    await db
      .select(goldItemColumns())
      .from(goldItems)
      .innerJoin(items, eq(items.id, goldItems.itemId))
      .leftJoin(users, eq(users.id, goldItems.createdBy))
      .where(and(inForceGold(projectId), eq(goldItems.itemId, itemId)))
      .limit(1)
  )[0];
  return row ?? null;
}

export async function countGoldItems({ db, projectId }: { db: Executor; projectId: string }): Promise<number> {
  return (await db.select({ n: count() }).from(goldItems).where(inForceGold(projectId)))[0]?.n ?? 0;
}

export type GoldResult = { annotatorId: string; correct: number; answered: number };

/**
 * Each annotator's results on the gold items in force. An annotator's answer is their CURRENT
 * label on the item (the annotation nothing supersedes; a retraction supersedes a label and is not
 * an answer), and it is correct when its label set equals the gold answer exactly (same labels,
 * any order; one label more or less is wrong). A "not sure" with no label is no answer and is left
 * out, as in the Team view's agreement with final labels. Labels written before the item became
 * gold count too: the answer is known now, and so is theirs.
 */
export async function goldResults({ db, projectId, annotatorId }: { db: Executor; projectId: string; annotatorId?: string }): Promise<GoldResult[]> {
  return await db
    .select({
      annotatorId: annotations.annotatorId,
      answered: sql<number>`count(*)`.mapWith(Number),
      correct: sql<number>`count(case when ${sameLabelSet(annotations.labels, goldItems.labels)} then 1 end)`.mapWith(Number),
    })
    .from(annotations)
    .innerJoin(goldItems, and(eq(goldItems.itemId, annotations.itemId), inForceGold(projectId)))
    .where(
      and(
        eq(annotations.projectId, projectId),
        eq(annotations.kind, "label"),
        inForce(annotations.id),
        sql`json_array_length(${annotations.labels}) > 0`,
        annotatorId === undefined ? undefined : eq(annotations.annotatorId, annotatorId),
      ),
    )
    .groupBy(annotations.annotatorId)
    .orderBy(asc(annotations.annotatorId));
}
