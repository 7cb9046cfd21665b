// What the project classifier trains on, and where its work lands: the version row, every item's
// score (item_scores) and the queue order (items.queue_rank, read by queue.ts). The computing is
// done in lib/active-learning-service; this file only reads and writes.
import { and, asc, count, eq, inArray, lt, max, ne, or, sql } from "drizzle-orm";
import { classifierVersions, itemResolutions, items, itemScores, labels, projects, suggestions, type TaskType } from "../schema";
import type { Db, Executor } from "../index";
import { countLabelSubmissions } from "./agreement";

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

export function rankingInputs({ db, projectId }: { db: Db; projectId: string }): RankingInputs | undefined {
  return db.transaction((tx) => {
    const project = tx.select({ taskType: projects.taskType, settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).get();
    if (!project) return undefined;
    const labelNames = tx
      .select({ name: labels.name })
      .from(labels)
      .where(eq(labels.projectId, projectId))
      .orderBy(asc(labels.position))
      .all()
      .map((l) => l.name);
    const projectItems = tx
      .select({ id: items.id, open: items.open })
      .from(items)
      .where(eq(items.projectId, projectId))
      .orderBy(asc(items.id))
      .all();
    const resolved = tx
      .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
      .from(itemResolutions)
      .where(and(eq(itemResolutions.projectId, projectId), ne(itemResolutions.method, "unresolved")))
      .orderBy(asc(itemResolutions.itemId))
      .all();
    const latestLlm = new Map<number, string[]>();
    const llmRows = tx
      .select({ itemId: suggestions.itemId, labels: suggestions.labels })
      .from(suggestions)
      .where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
      .orderBy(asc(suggestions.id))
      .all();
    for (const row of llmRows) latestLlm.set(row.itemId, row.labels);
    return {
      taskType: project.taskType,
      settings: project.settings,
      labelNames,
      items: projectItems,
      resolved,
      labelSubmissions: countLabelSubmissions({ db: tx, projectId }),
      llmLabels: [...latestLlm].map(([itemId, labelsOfItem]) => ({ itemId, labels: labelsOfItem })),
    };
  });
}

const TEXT_CHUNK = 500;

/** The texts of the given items of the project (hashed features are computed from them). */
export function itemTexts({ db, projectId, itemIds }: { db: Executor; projectId: string; itemIds: readonly number[] }): { id: number; text: string }[] {
  const found: { id: number; text: string }[] = [];
  for (let start = 0; start < itemIds.length; start += TEXT_CHUNK) {
    const chunk = itemIds.slice(start, start + TEXT_CHUNK);
    found.push(...db.select({ id: items.id, text: items.text }).from(items).where(and(eq(items.projectId, projectId), inArray(items.id, chunk))).all());
  }
  return found;
}

export type NewClassifierVersion = {
  features: string;
  strategy: string;
  trainedOn: number;
  metrics: Record<string, unknown>;
  /**
   * The model as JSON text (lib/active-learning/model-serialization.ts writes it): megabytes for
   * hashed features, so the caller writes it in steps rather than this function in one go.
   */
  modelJson: string;
};

export type NewItemScore = { itemId: number; predicted: string[]; confidence: number; score: number; reason: Record<string, unknown> };

/**
 * Records a new classifier version and, in the same transaction, replaces the project's item
 * scores and writes the queue ranks, so the queue never mixes two versions. Returns the version
 * number (one more than the latest, counted inside the transaction, so two writers cannot collide).
 */
export function saveRanking({
  db,
  projectId,
  version,
  scores,
  ranks,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  version: NewClassifierVersion;
  scores: readonly NewItemScore[];
  /** Queue rank per item (lower is served first); items left out keep theirs. */
  ranks: { readonly itemIds: ArrayLike<number>; readonly ranks: ArrayLike<number> };
  now?: Date;
}): number {
  // Encoded before the transaction opens, so that the write lock is held for the writes alone.
  const { modelJson, ...versionColumns } = version;
  const rows = scores.map((score) => ({
    itemId: score.itemId,
    predicted: JSON.stringify(score.predicted),
    confidence: score.confidence,
    score: score.score,
    reason: JSON.stringify(score.reason),
  }));
  return db.transaction(
    (tx) => {
      const latest = tx.select({ v: max(classifierVersions.version) }).from(classifierVersions).where(eq(classifierVersions.projectId, projectId)).get()?.v ?? 0;
      const number = latest + 1;
      // sql`${...}` binds the JSON text as it is; the column's own mapping would encode it again.
      tx.insert(classifierVersions).values({ projectId, version: number, ...versionColumns, model: sql`${modelJson}`, createdAt: now }).run();
      tx.delete(itemScores).where(eq(itemScores.projectId, projectId)).run();
      // One prepared statement run per row: SQLite's fastest bulk path through the query builder.
      const insertScore = tx
        .insert(itemScores)
        .values({
          itemId: sql.placeholder("itemId"),
          projectId,
          classifierVersion: number,
          predicted: sql`${sql.placeholder("predicted")}`,
          confidence: sql.placeholder("confidence"),
          score: sql.placeholder("score"),
          reason: sql`${sql.placeholder("reason")}`,
        })
        .prepare();
      for (const row of rows) insertScore.run(row);
      const setRank = tx
        .update(items)
        .set({ queueRank: sql`${sql.placeholder("rank")}` })
        .where(and(eq(items.id, sql.placeholder("itemId")), eq(items.projectId, projectId)))
        .prepare();
      for (let i = 0; i < ranks.itemIds.length; i++) setRank.run({ itemId: ranks.itemIds[i], rank: ranks.ranks[i] });
      return number;
    },
    { behavior: "immediate" },
  );
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
 * One item's place in the project's queue and its current score. `itemRef` is the item's external
 * id as annotators see it ("#item-12"), or its numeric database id when no external id matches.
 */
export function itemRanking({ db, projectId, itemRef }: { db: Executor; projectId: string; itemRef: string }): ItemRankingRecord | undefined {
  const columns = { id: items.id, externalId: items.externalId, open: items.open, queueRank: items.queueRank, labelledBy: items.labelledBy };
  let item = db.select(columns).from(items).where(and(eq(items.projectId, projectId), eq(items.externalId, itemRef))).get();
  if (!item && /^\d{1,15}$/.test(itemRef)) {
    item = db.select(columns).from(items).where(and(eq(items.projectId, projectId), eq(items.id, Number(itemRef)))).get();
  }
  if (!item) return undefined;
  const openItems = db.select({ n: count() }).from(items).where(and(eq(items.projectId, projectId), eq(items.open, true))).get()?.n ?? 0;
  const ahead = item.open
    ? (db
        .select({ n: count() })
        .from(items)
        .where(
          and(
            eq(items.projectId, projectId),
            eq(items.open, true),
            or(lt(items.queueRank, item.queueRank), and(eq(items.queueRank, item.queueRank), lt(items.id, item.id))),
          ),
        )
        .get()?.n ?? 0)
    : null;
  const score = db
    .select({
      classifierVersion: itemScores.classifierVersion,
      predicted: itemScores.predicted,
      confidence: itemScores.confidence,
      score: itemScores.score,
      reason: itemScores.reason,
    })
    .from(itemScores)
    .where(and(eq(itemScores.itemId, item.id), eq(itemScores.projectId, projectId)))
    .get();
  return { item, position: ahead === null ? null : ahead + 1, openItems, score: score ?? null };
}

export type QueuedItemScore = {
  id: number;
  externalId: string;
  queueRank: number;
  score: number | null;
  predicted: string[] | null;
  reason: Record<string, unknown> | null;
};

/** The head of the project's queue as ranked (before any annotator's own leases and labels). */
export function rankedQueueHead({ db, projectId, limit }: { db: Executor; projectId: string; limit: number }): QueuedItemScore[] {
  return db
    .select({
      id: items.id,
      externalId: items.externalId,
      queueRank: items.queueRank,
      score: itemScores.score,
      predicted: itemScores.predicted,
      reason: itemScores.reason,
    })
    .from(items)
    .leftJoin(itemScores, eq(itemScores.itemId, items.id))
    .where(and(eq(items.projectId, projectId), eq(items.open, true)))
    .orderBy(asc(items.queueRank), asc(items.id))
    .limit(limit)
    .all();
}
