// Who embedded what, for the lead: embeddings per author, posts refused by a failed cross-check
// (read back from the audit log, where storeEmbeddings records them), and discarding everything
// one user embedded so that other browsers embed those items again.
import "server-only";
import { and, count, desc, eq, inArray, max } from "drizzle-orm";
import { z } from "zod";
import { auditLog, embeddings, items, users } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { CROSS_CHECK_FAILED_ACTION } from "./embeddings";
import { rowsChanged } from "../rows";

export const EMBEDDINGS_DISCARD_ACTION = "embeddings.discard";

/** How many failed posts' details are read for cosines and references: enough for a picture, bounded however often a browser fails. */
const RECENT_FAILURES = 200;

export type EmbeddingAuthor = {
  /** null: `goldset score`, run on the server. */
  userId: string | null;
  name: string | null;
  embeddings: number;
};

/** The project's embeddings for the model, counted per author, most first. */
export async function embeddingsByAuthor({ db, projectId, modelId }: { db: Executor; projectId: string; modelId: string }): Promise<EmbeddingAuthor[]> {
  const n = count();
  return await db
    .select({ userId: embeddings.createdBy, name: users.name, embeddings: n })
    .from(embeddings)
    .innerJoin(items, eq(items.id, embeddings.itemId))
    .leftJoin(users, eq(users.id, embeddings.createdBy))
    .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId)))
    .groupBy(embeddings.createdBy, users.name)
    .orderBy(desc(n), embeddings.createdBy);
}

const failureDetails = z.object({
  checks: z.array(z.object({ itemId: z.number(), cosine: z.number(), referenceBy: z.string().nullable() })),
  failedItems: z.array(z.number()),
});

export type CrossCheckFailures = {
  userId: string;
  name: string | null;
  /** Posts refused. */
  failures: number;
  lastAt: Date;
  /** Over the recent failures: the lowest cosine of a failed check, and whose stored vectors disagreed. */
  lowestCosine: number | null;
  against: { userId: string | null; name: string | null }[];
};

/** Posts refused by a failed cross-check in the project for the model, per user, latest first. */
export async function crossCheckFailures({ db, projectId, modelId }: { db: Executor; projectId: string; modelId: string }): Promise<CrossCheckFailures[]> {
  const where = and(eq(auditLog.projectId, projectId), eq(auditLog.action, CROSS_CHECK_FAILED_ACTION), eq(auditLog.targetId, modelId));
  const lastAt = max(auditLog.createdAt);
  const perUser = await db
    .select({ userId: auditLog.actorId, name: users.name, failures: count(), lastAt })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .groupBy(auditLog.actorId, users.name)
    .orderBy(desc(lastAt));
  const recent = await db
    .select({ userId: auditLog.actorId, details: auditLog.details })
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(RECENT_FAILURES);

  const lowest = new Map<string, number>();
  const against = new Map<string, Set<string | null>>();
  for (const entry of recent) {
    const parsed = failureDetails.safeParse(entry.details);
    if (!entry.userId || !parsed.success) continue;
    const failed = new Set(parsed.data.failedItems);
    for (const check of parsed.data.checks.filter((c) => failed.has(c.itemId))) {
      lowest.set(entry.userId, Math.min(lowest.get(entry.userId) ?? Infinity, check.cosine));
      against.set(entry.userId, (against.get(entry.userId) ?? new Set()).add(check.referenceBy));
    }
  }
  const referenced = [...new Set([...against.values()].flatMap((set) => [...set]))].filter((id): id is string => id !== null);
  const names = new Map(
    referenced.length === 0
      ? []
      : (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, referenced))).map((u) => [u.id, u.name] as const),
  );
  return perUser.flatMap((row) =>
    row.userId === null || row.lastAt === null
      ? []
      : [
          {
            userId: row.userId,
            name: row.name,
            failures: row.failures,
            lastAt: row.lastAt,
            lowestCosine: lowest.get(row.userId) ?? null,
            against: [...(against.get(row.userId) ?? [])].map((id) => ({ userId: id, name: id === null ? null : (names.get(id) ?? null) })),
          },
        ],
  );
}

/**
 * Deletes every embedding `authorId` stored in the project for the model, so the items lack one
 * again and browsers claim them anew; audited as a deletion by `actorId`. Returns how many went.
 */
export async function discardEmbeddingsBy({
  db,
  projectId,
  modelId,
  authorId,
  actorId,
}: {
  db: Db;
  projectId: string;
  modelId: string;
  authorId: string;
  actorId: string | null;
}): Promise<{ discarded: number }> {
  return await db.transaction(async (tx) => {
    const projectItems = tx.select({ id: items.id }).from(items).where(eq(items.projectId, projectId));
    const discarded = rowsChanged(
      await tx.delete(embeddings).where(and(eq(embeddings.modelId, modelId), eq(embeddings.createdBy, authorId), inArray(embeddings.itemId, projectItems))),
    );
    if (discarded > 0) {
      await recordAudit(tx, { projectId, actorId, action: EMBEDDINGS_DISCARD_ACTION, targetType: "user", targetId: authorId, details: { modelId, discarded } });
    }
    return { discarded };
  });
}
