// Exclusions from exports: a lead leaves items out of every export snapshot made from now on,
// recorded (who, when, by which job, why) and reversible. An exclusion is in force while its
// reverted_at is null; an item has at most one in force, which the writes below enforce in the
// statement itself rather than by reading first. Snapshots already made are immutable and keep
// their records (db/queries/exports.ts).
import "server-only";
import { aliasedTable as alias, and, asc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { itemExclusions, users } from "../schema";
import type { Executor, Tx } from "../index";

/** The item (whose id `itemId` names) has an exclusion in force: for WHERE clauses of other queries. */
export function excludedFromExports(itemId: SQLWrapper): SQL {
  return sql`exists (select 1 from ${itemExclusions} where ${itemExclusions.itemId} = ${itemId} and ${itemExclusions.revertedAt} is null)`;
}

export type ExclusionChange = { changed: number; already: number };

/**
 * Excludes the given items of the project (ids the caller has checked belong to it), skipping
 * those with an exclusion in force. Read and insert share the caller's transaction: SQLite has one
 * writer, and PostgreSQL's SERIALIZABLE transactions fail one of two concurrent inserts for the same
 * item (the retry then finds it excluded), so an item never has two exclusions in force.
 */
export async function excludeItems(
  tx: Tx,
  { projectId, itemIds, reason, jobId, actorId, now }: { projectId: string; itemIds: readonly number[]; reason: string; jobId: number | null; actorId: string | null; now: Date },
): Promise<ExclusionChange> {
  const wanted = [...new Set(itemIds)];
  if (wanted.length === 0) return { changed: 0, already: 0 };
  const inForce = new Set(
    (
      await tx
        .select({ itemId: itemExclusions.itemId })
        .from(itemExclusions)
        .where(and(inArray(itemExclusions.itemId, wanted), isNull(itemExclusions.revertedAt)))
    ).map((r) => r.itemId),
  );
  const fresh = wanted.filter((id) => !inForce.has(id));
  if (fresh.length > 0) {
    await tx.insert(itemExclusions).values(fresh.map((itemId) => ({ projectId, itemId, reason, jobId, createdBy: actorId, createdAt: now })));
  }
  return { changed: fresh.length, already: wanted.length - fresh.length };
}

/** Reverts the exclusions in force of the given items: they are in the next snapshot again. */
export async function includeItems(
  tx: Tx,
  { projectId, itemIds, actorId, now }: { projectId: string; itemIds: readonly number[]; actorId: string | null; now: Date },
): Promise<ExclusionChange> {
  if (itemIds.length === 0) return { changed: 0, already: 0 };
  const reverted = await tx
    .update(itemExclusions)
    .set({ revertedAt: now, revertedBy: actorId })
    .where(and(eq(itemExclusions.projectId, projectId), inArray(itemExclusions.itemId, [...itemIds]), isNull(itemExclusions.revertedAt)))
    .returning({ itemId: itemExclusions.itemId });
  const changed = new Set(reverted.map((r) => r.itemId)).size;
  return { changed, already: new Set(itemIds).size - changed };
}

export type ExclusionRecord = {
  reason: string;
  jobId: number | null;
  by: string | null;
  at: Date;
  revertedBy: string | null;
  revertedAt: Date | null;
};

/** Every exclusion of the item, oldest first, with who made and who reverted it. */
export async function itemExclusionRecords({ db, itemId }: { db: Executor; itemId: number }): Promise<ExclusionRecord[]> {
  const reverter = alias(users, "exclusion_reverter");
  return await db
    .select({
      reason: itemExclusions.reason,
      jobId: itemExclusions.jobId,
      by: users.name,
      at: itemExclusions.createdAt,
      revertedBy: reverter.name,
      revertedAt: itemExclusions.revertedAt,
    })
    .from(itemExclusions)
    .leftJoin(users, eq(users.id, itemExclusions.createdBy))
    .leftJoin(reverter, eq(reverter.id, itemExclusions.revertedBy))
    .where(eq(itemExclusions.itemId, itemId))
    .orderBy(asc(itemExclusions.id));
}
