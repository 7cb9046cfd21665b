// What the project classifier trains on, and how its work reads back: every item's score under
// the live version (item_scores) and the queue order (the live rank column, as queue.ts reads it).
// The computing is done in lib/active-learning/server; ranking-write.ts writes the results.
import "server-only";
import { and, asc, count, eq, inArray, lt, ne, or } from "drizzle-orm";
import { itemResolutions, items, itemScores, labels, projects, suggestions, type TaskType } from "../schema";
import { projectLabelNames } from "./label-names";
import type { Db, Executor } from "../index";
import { countLabelSubmissions } from "./agreement";
import { liveRanking, queueRankColumn } from "./live-ranking";

export type RankingInputs = {
  taskType: TaskType;
  settings: Record<string, unknown>;
  labelNames: string[];
  /** Every item of the project, by id. */
  items: { id: number; open: boolean }[];
  /** Items whose labels are settled (adjudicated, unanimous, majority, ...): the training data. */
  resolved: { itemId: number; labels: string[] }[];
  /** Label submissions ever made; retraining is due every `retrainEvery` of them. */
  labelSubmissions: number;
  /** The latest usable LLM answer per item, for the "model and LLM disagree" boost. */
  llmLabels: { itemId: number; labels: string[] }[];
};

export async function rankingInputs({ db, projectId }: { db: Db; projectId: string }): Promise<RankingInputs | undefined> {
  return await db.transaction(async (tx) => {
    const project = (
      await tx.select({ taskType: projects.taskType, settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1)
    )[0];
    if (!project) return undefined;
    const labelNames = (await tx.select({ name: labels.name }).from(labels).where(eq(labels.projectId, projectId)).orderBy(asc(labels.position))).map(
      (l) => l.name,
    );
    const projectItems = await tx.select({ id: items.id, open: items.open }).from(items).where(eq(items.projectId, projectId)).orderBy(asc(items.id));
    const resolved = await tx
      .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
      .from(itemResolutions)
      .where(and(eq(itemResolutions.projectId, projectId), ne(itemResolutions.method, "unresolved")))
      .orderBy(asc(itemResolutions.itemId));
    const latestLlm = new Map<number, string[]>();
    const llmRows = await tx
      .select({ itemId: suggestions.itemId, labels: suggestions.labels })
      .from(suggestions)
      .where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
      .orderBy(asc(suggestions.id));
    // Stored names read as today's (renames, merges: docs/decisions/0006), so training and the LLM
    // feature see one class where a merge made one.
    const names = await projectLabelNames({ db: tx, projectId });
    for (const row of llmRows) latestLlm.set(row.itemId, names.readAll(row.labels));
    return {
      taskType: project.taskType,
      settings: project.settings,
      labelNames,
      items: projectItems,
      resolved: resolved.map((r) => ({ itemId: r.itemId, labels: names.readAll(r.labels) })),
      labelSubmissions: await countLabelSubmissions({ db: tx, projectId }),
      llmLabels: [...latestLlm].map(([itemId, labelsOfItem]) => ({ itemId, labels: labelsOfItem })),
    };
  });
}

const TEXT_CHUNK = 500;

/** The texts of the given items of the project (hashed features are computed from them). */
export async function itemTexts({
  db,
  projectId,
  itemIds,
}: {
  db: Executor;
  projectId: string;
  itemIds: readonly number[];
}): Promise<{ id: number; text: string }[]> {
  const found: { id: number; text: string }[] = [];
  for (let start = 0; start < itemIds.length; start += TEXT_CHUNK) {
    const chunk = itemIds.slice(start, start + TEXT_CHUNK);
    found.push(
      ...(await db
        .select({ id: items.id, text: items.text })
        .from(items)
        .where(and(eq(items.projectId, projectId), inArray(items.id, chunk)))),
    );
  }
  return found;
}

export type ItemScoreRecord = {
  classifierVersion: number;
  predicted: string[];
  confidence: number;
  score: number;
  reason: Record<string, unknown>;
};

export type ItemRankingRecord = {
  item: { id: number; externalId: string; open: boolean; queueRank: number; labelledBy: number };
  /** 1-based place among the project's open items in queue order; null when the item is closed. */
  position: number | null;
  openItems: number;
  score: ItemScoreRecord | null;
};

/**
 * One item's place in the project's queue and its score under the live classifier version.
 * `itemRef` is the item's external id as annotators see it ("#item-12"), or its numeric database
 * id when no external id matches. One read transaction, so a retrain's switch (in another process)
 * cannot fall between reading the live ranking and reading the item.
 */
export async function itemRanking({ db, projectId, itemRef }: { db: Executor; projectId: string; itemRef: string }): Promise<ItemRankingRecord | undefined> {
  return await db.transaction(async (tx) => {
    const live = await liveRanking({ db: tx, projectId });
    if (!live) return undefined;
    const rank = queueRankColumn(live.slot);
    const columns = { id: items.id, externalId: items.externalId, open: items.open, queueRank: rank, labelledBy: items.labelledBy };
    let item = (
      await tx
        .select(columns)
        .from(items)
        .where(and(eq(items.projectId, projectId), eq(items.externalId, itemRef)))
        .limit(1)
    )[0];
    if (!item && /^\d{1,15}$/.test(itemRef)) {
      item = (
        await tx
          .select(columns)
          .from(items)
          .where(and(eq(items.projectId, projectId), eq(items.id, Number(itemRef))))
          .limit(1)
      )[0];
    }
    if (!item) return undefined;
    const openItems =
      (
        await tx
          .select({ n: count() })
          .from(items)
          .where(and(eq(items.projectId, projectId), eq(items.open, true)))
          .limit(1)
      )[0]?.n ?? 0;
    const ahead = item.open
      ? ((
          await tx
            .select({ n: count() })
            .from(items)
            .where(
              and(eq(items.projectId, projectId), eq(items.open, true), or(lt(rank, item.queueRank), and(eq(rank, item.queueRank), lt(items.id, item.id)))),
            )
            .limit(1)
        )[0]?.n ?? 0)
      : null;
    const score =
      live.version === null
        ? undefined
        : (
            await tx
              .select({
                classifierVersion: itemScores.classifierVersion,
                predicted: itemScores.predicted,
                confidence: itemScores.confidence,
                score: itemScores.score,
                reason: itemScores.reason,
              })
              .from(itemScores)
              .where(and(eq(itemScores.itemId, item.id), eq(itemScores.classifierVersion, live.version)))
              .limit(1)
          )[0];
    return { item, position: ahead === null ? null : ahead + 1, openItems, score: score ?? null };
  });
}

export type QueuedItemScore = {
  id: number;
  externalId: string;
  queueRank: number;
  score: number | null;
  predicted: string[] | null;
  reason: Record<string, unknown> | null;
};

/** The head of the project's queue as ranked (before any annotator's own leases and labels), with the live version's scores. */
export async function rankedQueueHead({ db, projectId, limit }: { db: Executor; projectId: string; limit: number }): Promise<QueuedItemScore[]> {
  return await db.transaction(async (tx) => {
    const live = await liveRanking({ db: tx, projectId });
    if (!live) return [];
    const rank = queueRankColumn(live.slot);
    return await tx
      .select({
        id: items.id,
        externalId: items.externalId,
        queueRank: rank,
        score: itemScores.score,
        predicted: itemScores.predicted,
        reason: itemScores.reason,
      })
      .from(items)
      // No live version (before the first retrain) matches no row: every score is null.
      .leftJoin(itemScores, and(eq(itemScores.itemId, items.id), eq(itemScores.classifierVersion, live.version ?? -1)))
      .where(and(eq(items.projectId, projectId), eq(items.open, true)))
      .orderBy(asc(rank), asc(items.id))
      .limit(limit);
  });
}
