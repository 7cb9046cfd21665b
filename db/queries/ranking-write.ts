// The end of a retrain: the new classifier version, every item's score and the queue ranks. A
// project of a million items would hold the one SQLite connection (and with it every request of
// the server) for seconds in a single transaction, so the write is a sequence of small
// transactions the caller runs as steps, with the event loop free between them. The queue and the
// scores still never mix two versions, because nothing a reader reads changes until the end:
//
// 1. claim: insert the version row and record it as the project's pending version. Readers of
//    versions see only versions up to the live one, so the new row stays out of sight. A model
//    longer than MODEL_PART_CHARS is then written a slice per transaction (classifier_model_parts).
// 2. clean: delete item_scores rows of versions that are neither live nor this one (a write that
//    died halfway, or the retire step of one that died after its switch).
// 3. scores: insert this version's rows beside the live version's; readers ask for the live one.
// 4. ranks: fill the items' idle rank column (the one projects.queue_slot does not name); the
//    queue reads the other, through its own index.
// 5. switch: one tiny transaction names the idle column and the new version live.
// 6. retire: delete the older versions' item_scores rows.
//
// Every transaction from the claim to the switch first checks that the project's pending version
// is still this one. A second writer (the CLI's `goldset score` beside the server; the server
// itself never runs two retrains of a project, see retrain-scheduler.ts) takes the claim over, and
// the first stops at its next transaction; the version number it held is never reused, so it
// cannot mistake the new claim for its own. A process that dies mid-write leaves the live ranking
// as it was, its own rows unread, and the next claim removes them.
import "server-only";
import { and, asc, eq, gt, lt, max, sql, type SQL } from "drizzle-orm";
import { classifierModelParts, classifierVersions, items, itemScores, projects } from "../schema";
import type { Db, Executor } from "../index";
import { queueRankColumn, queueSlot, type QueueSlot } from "./live-ranking";
import type { AsyncSteps } from "@/lib/active-learning/steps";
import { GoldsetError } from "@/lib/errors";
import { prepared } from "../prepared";

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
 * Model JSON longer than this many characters is stored in slices of this size, each in a
 * transaction of its own: writing 12 MB in one statement held the event loop 200 ms (insert and
 * commit, measured on SQLite at 300,000 items); a megabyte costs about 15 ms.
 */
export const MODEL_PART_CHARS = 1 << 20;

/** What classifier_versions.model holds for a model stored in slices. */
export type ModelInParts = { readonly parts: number };

/**
 * Where a long model's JSON is cut: slices of at most `size` UTF-16 units, never between the two
 * halves of a surrogate pair (a span type named with an emoji, say), which a text column would
 * store as a replacement character and so break the joined JSON. Empty when the text fits whole.
 */
export function modelSlices(json: string, size: number): string[] {
  if (json.length <= size) return [];
  const slices: string[] = [];
  for (let start = 0; start < json.length; ) {
    let end = Math.min(json.length, start + size);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    slices.push(json.slice(start, end));
    start = end;
  }
  return slices;
}

/** How much one transaction of the write does before it commits and yields. */
export type WriteChunks = {
  /** Most rows written or deleted. */
  readonly maxRows: number;
  /** Most milliseconds spent writing (checked after every row). */
  readonly maxMs: number;
};

/**
 * A few milliseconds per transaction: the event-loop runner (lib/active-learning/server/
 * event-loop-slices.ts) pauses between steps once its 15 ms slice is used up, so a request waits
 * at most a slice plus one transaction. A commit itself is cheap (WAL, synchronous = NORMAL); the
 * commit that takes the WAL past 1,000 pages also copies them back into the database file (SQLite's
 * automatic checkpoint), tens of milliseconds that no chunk size avoids, since every write pays it.
 */
export const WRITE_CHUNKS: WriteChunks = { maxRows: 2_000, maxMs: 4 };

export type RankingWrite = {
  db: Db;
  projectId: string;
  version: NewClassifierVersion;
  /** An array, or any list that builds each record when asked (a retrain's million rows need not exist at once). */
  scores: { readonly length: number; at(index: number): NewItemScore | undefined };
  /**
   * The queue rank of every item the ranking read (lower is served first), or null for an item
   * that keeps its current rank (a closed item, say). An item imported after the ranking read the
   * project's items is not listed: it has never been ranked, and holds rank 0 in both columns.
   */
  ranks: { readonly itemIds: ArrayLike<number>; readonly ranks: ArrayLike<number | null> };
  now?: Date;
  chunks?: WriteChunks;
  /** MODEL_PART_CHARS unless a test wants a small model in slices. */
  modelPartChars?: number;
};

/**
 * Writes a new classifier version, its item scores and the queue ranks, one small transaction per
 * step (see the top of this file), and returns the version number: one more than any version the
 * project ever had, counted inside the claim's transaction, so two writers cannot collide.
 */
export async function* saveRankingSteps({
  db,
  projectId,
  version,
  scores,
  ranks,
  now = new Date(),
  chunks = WRITE_CHUNKS,
  modelPartChars = MODEL_PART_CHARS,
}: RankingWrite): AsyncSteps<number> {
  const slices = modelSlices(version.modelJson, modelPartChars);
  const { number, live, idle } = await claimVersion(db, projectId, version, slices.length, now);
  const stillMine = async (tx: Executor) => {
    const pending = (await tx.select({ v: projects.pendingClassifierVersion }).from(projects).where(eq(projects.id, projectId)).limit(1))[0]?.v;
    if (pending !== number) {
      throw new GoldsetError(
        "conflict",
        `Version ${number} of project ${projectId} was not saved: another retrain (version ${pending ?? "none"}) took over its write.`,
      );
    }
  };
  yield;

  for (const [part, text] of slices.entries()) {
    await db.transaction(async (tx) => {
      await stillMine(tx);
      await tx.insert(classifierModelParts).values({ projectId, version: number, part, text });
    });
    yield;
  }

  yield* deleteScores({ db, projectId, below: number, keep: live, chunks, check: stillMine });

  // Encoded row by row inside the transactions, which bounds them by time: encoding a million
  // reasons up front would itself hold the event loop for a second or more.
  const insertScore = prepared(
    db.insert(itemScores).values({
      itemId: sql.placeholder("itemId"),
      projectId,
      classifierVersion: number,
      predicted: sql`${sql.placeholder("predicted")}`,
      confidence: sql.placeholder("confidence"),
      score: sql.placeholder("score"),
      reason: sql`${sql.placeholder("reason")}`,
    }),
  );
  for (let done = 0; done < scores.length;) {
    done = await writeChunk(db, done, scores.length, chunks, stillMine, async (k) => {
      const score = scores.at(k) as NewItemScore;
      await insertScore.execute({
        itemId: score.itemId,
        predicted: JSON.stringify(score.predicted),
        confidence: score.confidence,
        score: score.score,
        reason: JSON.stringify(score.reason),
      });
    });
    yield;
  }

  // A null rank copies the live column's value: the item keeps its place after the switch.
  const rankOrLive = sql<number>`coalesce(${sql.placeholder("rank")}, ${queueRankColumn(idle === 1 ? 0 : 1)})`;
  const setRank = prepared(
    db
      .update(items)
      .set(idle === 1 ? { queueRank1: rankOrLive } : { queueRank0: rankOrLive })
      .where(and(eq(items.id, sql.placeholder("itemId")), eq(items.projectId, projectId))),
  );
  for (let done = 0; done < ranks.itemIds.length;) {
    done = await writeChunk(db, done, ranks.itemIds.length, chunks, stillMine, async (k) => {
      await setRank.execute({ itemId: ranks.itemIds[k], rank: ranks.ranks[k] ?? null });
    });
    yield;
  }

  await db.transaction(async (tx) => {
    await stillMine(tx);
    await tx.update(projects).set({ queueSlot: idle, classifierVersion: number, pendingClassifierVersion: null }).where(eq(projects.id, projectId));
  });
  yield;

  yield* deleteScores({ db, projectId, below: number, keep: null, chunks });
  return number;
}

/**
 * Inserts the version row and makes it the project's pending version; returns its number, the live
 * version and the idle rank column. The row holds the model (megabytes of JSON with hashed
 * features), which makes this the write's longest transaction: tens of milliseconds, whatever the
 * number of items.
 */
async function claimVersion(
  db: Db,
  projectId: string,
  version: NewClassifierVersion,
  parts: number,
  now: Date,
): Promise<{ number: number; live: number | null; idle: QueueSlot }> {
  // sql`${...}` binds the JSON text as it is; the column's own mapping would encode it again.
  const { modelJson: fullJson, ...versionColumns } = version;
  const modelJson = parts > 0 ? JSON.stringify({ parts } satisfies ModelInParts) : fullJson;
  return await db.transaction(async (tx) => {
    const project = (
      await tx
        .select({ slot: projects.queueSlot, live: projects.classifierVersion, pending: projects.pendingClassifierVersion })
        .from(projects)
        .where(eq(projects.id, projectId))
        .limit(1)
    )[0];
    if (!project) throw new GoldsetError("not_found", `No project ${projectId}.`);
    // Counted before an abandoned pending version's row goes, so its number is never reused.
    const latest =
      (
        await tx
          .select({ v: max(classifierVersions.version) })
          .from(classifierVersions)
          .where(eq(classifierVersions.projectId, projectId))
          .limit(1)
      )[0]?.v ?? 0;
    const number = latest + 1;
    if (project.pending !== null) {
      await tx.delete(classifierVersions).where(and(eq(classifierVersions.projectId, projectId), eq(classifierVersions.version, project.pending)));
      await tx.delete(classifierModelParts).where(and(eq(classifierModelParts.projectId, projectId), eq(classifierModelParts.version, project.pending)));
    }
    await tx.insert(classifierVersions).values({ projectId, version: number, ...versionColumns, model: sql`${modelJson}`, createdAt: now });
    await tx.update(projects).set({ pendingClassifierVersion: number }).where(eq(projects.id, projectId));
    return { number, live: project.live, idle: queueSlot(project.slot) === 1 ? 0 : 1 };
  });
}

/** Runs `write(k)` for k = from, from + 1, ... in one transaction, up to `end` or the chunk's rows or time; returns where it stopped. */
async function writeChunk(
  db: Db,
  from: number,
  end: number,
  chunks: WriteChunks,
  check: (tx: Executor) => Promise<void>,
  write: (k: number) => Promise<void>,
): Promise<number> {
  return await db.transaction(async (tx) => {
    await check(tx);
    const started = performance.now();
    const stop = Math.min(end, from + chunks.maxRows);
    let k = from;
    while (k < stop) {
      await write(k++);
      if (performance.now() - started >= chunks.maxMs) break;
    }
    return k;
  });
}

/**
 * Deletes the project's item_scores rows of every version below `below` except `keep`, a chunk per
 * step. Each range is an index range on (project_id, classifier_version), so a chunk reads only
 * the rows it deletes, however many rows of the kept version there are.
 */
async function* deleteScores({
  db,
  projectId,
  below,
  keep,
  chunks,
  check,
}: {
  db: Db;
  projectId: string;
  below: number;
  keep: number | null;
  chunks: WriteChunks;
  check?: (tx: Executor) => Promise<void>;
}): AsyncSteps<void> {
  const ranges: SQL[] =
    keep === null || keep >= below
      ? [lt(itemScores.classifierVersion, below)]
      : [lt(itemScores.classifierVersion, keep), and(gt(itemScores.classifierVersion, keep), lt(itemScores.classifierVersion, below)) as SQL];
  const deleteScore = prepared(
    db.delete(itemScores).where(and(eq(itemScores.itemId, sql.placeholder("itemId")), eq(itemScores.classifierVersion, sql.placeholder("version")))),
  );
  for (const range of ranges) {
    for (let finished = false; !finished;) {
      finished = await db.transaction(async (tx) => {
        await check?.(tx);
        const keys = await tx
          .select({ itemId: itemScores.itemId, version: itemScores.classifierVersion })
          .from(itemScores)
          .where(and(eq(itemScores.projectId, projectId), range))
          .orderBy(asc(itemScores.classifierVersion), asc(itemScores.itemId))
          .limit(chunks.maxRows);
        const started = performance.now();
        let deleted = 0;
        for (const key of keys) {
          await deleteScore.execute(key);
          deleted++;
          if (performance.now() - started >= chunks.maxMs) break;
        }
        return keys.length < chunks.maxRows && deleted === keys.length;
      });
      yield;
    }
  }
}
