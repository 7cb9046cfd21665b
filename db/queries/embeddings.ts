// Item embeddings per encoder model: stored as browsers (claims: ./embedding-claims.ts) and
// `goldset score` post them, read back for training and ranking.
//
// What a browser posts is not taken on trust: it may store vectors only for items it holds (a
// live claim, or its own lapsed one nobody has taken since), and only its whole batch at once, so
// it cannot probe item by item which items are cross-checks. The posted vector of each
// cross-check item must agree with the stored one (lib/active-learning/embedding-check.ts), or
// nothing of the post is stored, the failure is audited for the lead, and the batch's other items
// go back to the pool. `goldset score` (userId null) runs on the server and stores without claims
// or checks.
import { and, asc, count, desc, eq, gt, inArray } from "drizzle-orm";
import { auditLog, embeddingClaims, embeddings, items, type EMBEDDING_ENCODINGS } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { claimHolders, EMBEDDING_CLAIM_MS, lacksEmbedding, lookupChunks, releaseClaims, userClaimedItems, type ClaimedItem } from "./embedding-claims";
import { CROSS_CHECK_MIN_COSINE, encodedCosine } from "@/lib/active-learning/embedding-check";
import { GoldsetError, type Problem } from "@/lib/errors";

export type EmbeddingEncoding = (typeof EMBEDDING_ENCODINGS)[number];

/** The audit action of a post refused by a failed cross-check (target: the encoder model). */
export const CROSS_CHECK_FAILED_ACTION = "embeddings.cross_check_failed";

export type EmbeddingRow = { itemId: number; bytes: Uint8Array };

export type StoreEmbeddingsResult = {
  /** Embeddings stored now. */
  stored: number;
  /** Posted items that already had one (the poster's own from an earlier post, a passed cross-check, or, for the CLI, anyone's): the stored one stays. */
  alreadyPresent: number;
  /** Of those, cross-check items whose posted vector agreed with the stored one. */
  checked: number;
};

type CrossCheck = { itemId: number; cosine: number; referenceBy: string | null };

/**
 * Stores encoded embeddings (already validated for shape by the caller, see
 * lib/active-learning-service/embedding-payload.ts) for items of the project. Refuses items of
 * other projects and a dimension that differs from the model's embeddings already stored.
 *
 * For a browser user (`userId` set), all or nothing: the post must be the user's whole batch and
 * only it (409 naming the items otherwise), and every cross-check item in it must agree with its
 * stored vector (403 otherwise, audited). Frees the batch's claims once stored. For the CLI
 * (`userId` null) an item embedded meanwhile keeps its first embedding, and claims are left alone:
 * a browser holding such an item now holds a cross-check of the CLI's vector.
 */
export function storeEmbeddings({
  db,
  projectId,
  modelId,
  userId,
  encoding,
  dim,
  rows,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  modelId: string;
  userId: string | null;
  encoding: EmbeddingEncoding;
  dim: number;
  rows: readonly EmbeddingRow[];
  now?: Date;
}): StoreEmbeddingsResult {
  if (rows.length === 0) return { stored: 0, alreadyPresent: 0, checked: 0 };
  const ids = rows.map((r) => r.itemId);
  if (new Set(ids).size !== ids.length) throw new GoldsetError("bad_request", "vectors: an item appears more than once in the batch.");
  const outcome = db.transaction(
    (tx): { result: StoreEmbeddingsResult } | { refusal: GoldsetError } => {
      const known = new Set<number>();
      for (const part of lookupChunks(ids)) {
        for (const row of tx.select({ id: items.id }).from(items).where(and(eq(items.projectId, projectId), inArray(items.id, part))).all()) {
          known.add(row.id);
        }
      }
      const foreign = ids.filter((id) => !known.has(id));
      if (foreign.length > 0) {
        throw new GoldsetError("bad_request", `vectors: item(s) ${foreign.slice(0, 10).join(", ")} are not in this project.`);
      }
      const existing = storedDimension(tx, projectId, modelId);
      if (existing !== null && existing !== dim) {
        throw new GoldsetError(
          "conflict",
          `This project's ${modelId} embeddings have ${existing} dimensions, the posted ones ${dim}: the encoder that produced them is not the same model.`,
        );
      }
      if (userId === null) {
        const stored = insertEmbeddings(tx, { modelId, encoding, dim, userId, now }, rows);
        return { result: { stored, alreadyPresent: rows.length - stored, checked: 0 } };
      }

      const present = storedEmbeddingsOf(tx, modelId, ids);
      const holders = claimHolders(tx, modelId, ids);
      const notHeld: number[] = [];
      const fresh: EmbeddingRow[] = [];
      const checks: CrossCheck[] = [];
      let own = 0;
      for (const row of rows) {
        const stored = present.get(row.itemId);
        // A retried post of the user's own earlier batch changes nothing and needs no claim.
        if (stored && stored.createdBy === userId) own++;
        else if (holders.get(row.itemId) !== userId) notHeld.push(row.itemId);
        else if (stored) {
          checks.push({ itemId: row.itemId, cosine: encodedCosine({ bytes: row.bytes, dim, encoding }, { bytes: stored.vector, dim: stored.dim, encoding: stored.encoding }), referenceBy: stored.createdBy });
        } else fresh.push(row);
      }
      if (notHeld.length > 0) throw notHeldError(rows, notHeld, modelId);
      const posted = new Set(ids);
      const missing = userClaimedItems(tx, projectId, modelId, userId).filter((id) => !posted.has(id));
      if (missing.length > 0) {
        throw new GoldsetError(
          "conflict",
          `This post leaves out item(s) ${listIds(missing)} of your embedding batch: post vectors for every item of the batch at once. Nothing was stored.`,
        );
      }

      const failed = checks.filter((check) => !(check.cosine >= CROSS_CHECK_MIN_COSINE));
      if (failed.length > 0) {
        const failedItems = failed.map((check) => check.itemId);
        if (!auditedRecently(tx, { projectId, userId, modelId, failedItems, now })) {
          recordAudit(tx, {
            projectId,
            actorId: userId,
            action: CROSS_CHECK_FAILED_ACTION,
            targetType: "encoder",
            targetId: modelId,
            at: now,
            details: {
              modelId,
              posted: rows.length,
              threshold: CROSS_CHECK_MIN_COSINE,
              failedItems,
              checks: checks.map((check) => ({ ...check, cosine: Math.round(check.cosine * 10_000) / 10_000 })),
            },
          });
        }
        // The batch's real items go back to the pool; the user keeps only the checks until they lapse,
        // so failing gets no new texts sooner than posting would.
        const checked = new Set(checks.map((check) => check.itemId));
        releaseClaims(tx, modelId, userId, ids.filter((id) => !checked.has(id)));
        return {
          refusal: new GoldsetError(
            "forbidden",
            `Some of the ${rows.length} posted vectors disagree with embeddings of the same items already stored for ${modelId}, so none was stored. ` +
              `The project lead can see this. If this browser runs the project's encoder unmodified, tell the lead: the stored vectors may be the wrong ones.`,
          ),
        };
      }
      const stored = insertEmbeddings(tx, { modelId, encoding, dim, userId, now }, fresh);
      releaseClaims(tx, modelId, userId, ids);
      return { result: { stored, alreadyPresent: own + checks.length, checked: checks.length } };
    },
    { behavior: "immediate" },
  );
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.result;
}

function listIds(ids: readonly number[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(", ")} and ${ids.length - 10} more` : ids.join(", ");
}

function notHeldError(rows: readonly EmbeddingRow[], notHeld: readonly number[], modelId: string): GoldsetError {
  const refused = new Set(notHeld);
  const problems: Problem[] = [];
  rows.forEach((row, index) => {
    if (!refused.has(row.itemId)) return;
    const field = `vectors.${index}.itemId`;
    problems.push({ field, message: `${field}: item ${row.itemId} is not in your embedding batch for ${modelId} (never claimed, or your claim lapsed and someone else took it)` });
  });
  return new GoldsetError(
    "conflict",
    `You do not hold item(s) ${listIds(notHeld)} for ${modelId}: claim a batch first and post vectors only for its items. Nothing was stored.`,
    problems,
  );
}

function insertEmbeddings(
  tx: Executor,
  { modelId, encoding, dim, userId, now }: { modelId: string; encoding: EmbeddingEncoding; dim: number; userId: string | null; now: Date },
  rows: readonly EmbeddingRow[],
): number {
  let stored = 0;
  for (const row of rows) {
    stored += tx
      .insert(embeddings)
      .values({ itemId: row.itemId, modelId, encoding, dim, vector: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength), createdBy: userId, createdAt: now })
      .onConflictDoNothing()
      .run().changes;
  }
  return stored;
}

type PresentEmbedding = { createdBy: string | null; encoding: EmbeddingEncoding; dim: number; vector: Uint8Array };

function storedEmbeddingsOf(db: Executor, modelId: string, ids: readonly number[]): Map<number, PresentEmbedding> {
  const out = new Map<number, PresentEmbedding>();
  for (const part of lookupChunks(ids)) {
    const rows = db
      .select({ itemId: embeddings.itemId, createdBy: embeddings.createdBy, encoding: embeddings.encoding, dim: embeddings.dim, vector: embeddings.vector })
      .from(embeddings)
      .where(and(eq(embeddings.modelId, modelId), inArray(embeddings.itemId, part)))
      .all();
    for (const { itemId, ...rest } of rows) out.set(itemId, rest);
  }
  return out;
}

export function storedDimension(db: Executor, projectId: string, modelId: string): number | null {
  const row = db
    .select({ dim: embeddings.dim })
    .from(embeddings)
    .innerJoin(items, eq(items.id, embeddings.itemId))
    .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId)))
    .limit(1)
    .get();
  return row?.dim ?? null;
}

export type EmbeddingCoverage = { items: number; embedded: number; claimed: number };

/** How many of the project's items have an embedding for the model, and how many lacking one are claimed now (cross-checks are not work). */
export function embeddingCoverage({ db, projectId, modelId, now = new Date() }: { db: Executor; projectId: string; modelId: string; now?: Date }): EmbeddingCoverage {
  const total = db.select({ n: count() }).from(items).where(eq(items.projectId, projectId)).get()?.n ?? 0;
  const embedded =
    db
      .select({ n: count() })
      .from(embeddings)
      .innerJoin(items, eq(items.id, embeddings.itemId))
      .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId)))
      .get()?.n ?? 0;
  const claimed =
    db
      .select({ n: count() })
      .from(embeddingClaims)
      .innerJoin(items, eq(items.id, embeddingClaims.itemId))
      .where(and(eq(items.projectId, projectId), eq(embeddingClaims.modelId, modelId), gt(embeddingClaims.expiresAt, now), lacksEmbedding(db, modelId)))
      .get()?.n ?? 0;
  return { items: total, embedded, claimed };
}

export type StoredEmbedding = { itemId: number; encoding: EmbeddingEncoding; dim: number; vector: Uint8Array };

/**
 * The stored embeddings of the project's items for the model, by item id: all of them, or a page
 * of up to `limit` after item `afterItemId` (a retrain reads them a page at a time).
 */
export function projectEmbeddings({
  db,
  projectId,
  modelId,
  afterItemId = 0,
  limit,
}: {
  db: Executor;
  projectId: string;
  modelId: string;
  afterItemId?: number;
  limit?: number;
}): StoredEmbedding[] {
  const query = db
    .select({ itemId: embeddings.itemId, encoding: embeddings.encoding, dim: embeddings.dim, vector: embeddings.vector })
    .from(embeddings)
    .innerJoin(items, eq(items.id, embeddings.itemId))
    .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId), gt(embeddings.itemId, afterItemId)))
    .orderBy(asc(embeddings.itemId));
  return limit === undefined ? query.all() : query.limit(limit).all();
}

/** The next items (by id, after `afterId`) without an embedding for the model, for bulk embedding under Node. */
export function itemsLackingEmbedding({
  db,
  projectId,
  modelId,
  afterId = 0,
  limit,
}: {
  db: Executor;
  projectId: string;
  modelId: string;
  afterId?: number;
  limit: number;
}): ClaimedItem[] {
  return db
    .select({ id: items.id, text: items.text })
    .from(items)
    .where(and(eq(items.projectId, projectId), gt(items.id, afterId), lacksEmbedding(db, modelId)))
    .orderBy(asc(items.id))
    .limit(limit)
    .all();
}

/**
 * Whether the same refusal (same user, model and failed items) was audited within one claim
 * period. After a refusal the user still holds the check items, and re-posting them would
 * otherwise write an audit row per request; one row per claim period tells the lead as much.
 */
function auditedRecently(
  db: Executor,
  { projectId, userId, modelId, failedItems, now }: { projectId: string; userId: string; modelId: string; failedItems: readonly number[]; now: Date },
): boolean {
  const latest = db
    .select({ details: auditLog.details, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), eq(auditLog.actorId, userId), eq(auditLog.action, CROSS_CHECK_FAILED_ACTION), eq(auditLog.targetId, modelId)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  if (!latest || now.getTime() - latest.createdAt.getTime() >= EMBEDDING_CLAIM_MS) return false;
  const before = latest.details.failedItems;
  return Array.isArray(before) && before.length === failedItems.length && failedItems.every((id, i) => before[i] === id);
}
