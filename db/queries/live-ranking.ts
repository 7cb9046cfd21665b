// Which ranking the queue serves. Items carry two rank columns and item_scores holds rows of more
// than one classifier version while a retrain writes (ranking-write.ts); the project row names the
// live rank column and the live version, and every reader goes through these helpers.
import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { items, projects } from "../schema";
import type { Executor } from "../index";

export type QueueSlot = 0 | 1;

export type LiveRanking = {
  /** Which rank column the queue reads: 0 for items.queue_rank_0, 1 for items.queue_rank_1. */
  slot: QueueSlot;
  /** The classifier version whose item_scores rows are current; null before the first retrain. */
  version: number | null;
};

export function queueSlot(value: number): QueueSlot {
  return value === 1 ? 1 : 0;
}

/** The rank column of a slot. */
export function queueRankColumn(slot: QueueSlot) {
  return slot === 1 ? items.queueRank1 : items.queueRank0;
}

export async function liveRanking({ db, projectId }: { db: Executor; projectId: string }): Promise<LiveRanking | undefined> {
  const row = (await db.select({ slot: projects.queueSlot, version: projects.classifierVersion }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  return row ? { slot: queueSlot(row.slot), version: row.version } : undefined;
}

/**
 * The project's live classifier version as an SQL value (a scalar subquery), for readers that must
 * not see a version still being written: its number is higher than the live one's.
 */
export function liveClassifierVersion(projectId: string): SQL<number | null> {
  return sql<number | null>`(select ${projects.classifierVersion} from ${projects} where ${projects.id} = ${projectId})`;
}
