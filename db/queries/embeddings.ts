// Item embeddings per encoder model: stored as browsers (claims: ./embedding-claims.ts) and
// `goldset score` post them, read back for training and ranking.
//
// What a browser posts is not taken on trust: it names its items by the refs its claim handed
// out, never by id, so it may store vectors only for items it holds (a live claim, or its own
// lapsed one nobody has taken since), and only its whole batch at once, so it cannot probe item
// by item which items are cross-checks. The posted vector of each cross-check item must agree
// with the stored one (lib/active-learning/embedding-check.ts), or nothing of the post is
// stored, the failure is audited for the lead, and the batch's other items go back to the pool.
// `goldset score` (userId null) runs on the server and stores by item id without claims or checks.
import "server-only";
import type { KeyObject } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray } from "drizzle-orm";
import { auditLog, embeddingClaims, embeddings, items, type EMBEDDING_ENCODINGS } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { EMBEDDING_CLAIM_MS, lacksEmbedding, releaseClaims, userClaims, type ItemText } from "./embedding-claims";
import { lookupChunks } from "./lookup-chunks";
import { CROSS_CHECK_MIN_COSINE, encodedCosine } from "@/lib/active-learning/embedding-check";
import { claimRef } from "@/lib/active-learning/server/embedding-claim-refs";
import { GoldsetError, type Problem } from "@/lib/errors";
import { rowsChanged } from "../rows";

export type EmbeddingEncoding = (typeof EMBEDDING_ENCODINGS)[number];

/** The audit action of a post refused by a failed cross-check (target: the encoder model). */
export const CROSS_CHECK_FAILED_ACTION = "embeddings.cross_check_failed";

/** A row `goldset score` stores, for the item it names by id. */
export type EmbeddingRow = { itemId: number; bytes: Uint8Array };

/** A row a browser posts, for the item its claim handed out under `ref`. */
export type ClaimedEmbeddingRow = { ref: string; bytes: Uint8Array };

export type StoreEmbeddingsResult = {
  /** Embeddings stored now. */
  stored: number;
  /** Posted items that already had one (a passed cross-check or, for the CLI, anyone's): the stored one stays. */
  alreadyPresent: number;
  /** Of those, cross-check items whose posted vector agreed with the stored one. */
  checked: number;
};

type CrossCheck = { itemId: number; cosine: number; referenceBy: string | null };

type StoreTarget = { db: Db; projectId: string; modelId: string; encoding: EmbeddingEncoding; dim: number; now?: Date };

export type StoreEmbeddingsInput = StoreTarget &
  (
    | { /** `goldset score` */ userId: null; rows: readonly EmbeddingRow[] }
    | { /** a browser posting its claimed batch */ userId: string; refKey: KeyObject; rows: readonly ClaimedEmbeddingRow[] }
  );

/**
 * Stores encoded embeddings (already validated for shape by the caller, see
 * lib/active-learning/server/embedding-payload.ts) for items of the project. Refuses a dimension
 * that differs from the model's embeddings already stored.
 *
 * For a browser user (`userId` set, rows by ref under `refKey`), all or nothing: every ref must
 * be one of the user's batch (409 naming the fields otherwise), the post must be the whole batch
 * (409), and every cross-check item in it must agree with its stored vector (403 otherwise,
 * audited; the answer does not say which items were checks). Frees the batch's claims once
 * stored, which spends its refs: posting them again is refused, and changes nothing.
 *
 * For the CLI (`userId` null, rows by item id) items of other projects are refused, an item
 * embedded meanwhile keeps its first embedding, and claims are left alone: a browser holding such
 * an item now holds a cross-check of the CLI's vector.
 */
export async function storeEmbeddings(input: StoreEmbeddingsInput): Promise<StoreEmbeddingsResult> {
  if (input.rows.length === 0) return { stored: 0, alreadyPresent: 0, checked: 0 };
  return input.userId === null ? await storeScoredEmbeddings(input) : await storeClaimedEmbeddings(input);
}

async function storeScoredEmbeddings({
  db,
  projectId,
  modelId,
  encoding,
  dim,
  rows,
  now = new Date(),
}: StoreTarget & { rows: readonly EmbeddingRow[] }): Promise<StoreEmbeddingsResult> {
  const ids = rows.map((r) => r.itemId);
  if (new Set(ids).size !== ids.length) throw new GoldsetError("bad_request", "vectors: an item appears more than once in the batch.");
  return await db.transaction(async (tx): Promise<StoreEmbeddingsResult> => {
    const known = new Set<number>();
    for (const part of lookupChunks(ids)) {
      for (const row of await tx
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.projectId, projectId), inArray(items.id, part)))) {
        known.add(row.id);
      }
    }
    const foreign = ids.filter((id) => !known.has(id));
    if (foreign.length > 0) {
      throw new GoldsetError("bad_request", `vectors: item(s) ${foreign.slice(0, 10).join(", ")} are not in this project.`);
    }
    await requireStoredDimension(tx, projectId, modelId, dim);
    const stored = await insertEmbeddings(tx, { modelId, encoding, dim, userId: null, now }, rows);
    return { stored, alreadyPresent: rows.length - stored, checked: 0 };
  });
}

async function storeClaimedEmbeddings({
  db,
  projectId,
  modelId,
  userId,
  refKey,
  encoding,
  dim,
  rows,
  now = new Date(),
}: StoreTarget & { userId: string; refKey: KeyObject; rows: readonly ClaimedEmbeddingRow[] }): Promise<StoreEmbeddingsResult> {
  const repeated = repeatedRefs(rows);
  if (repeated.length > 0) {
    throw new GoldsetError(
      "bad_request",
      "vectors: a ref appears more than once in the post; post one vector per item of the batch. Nothing was stored.",
      repeated,
    );
  }
  const outcome = await db.transaction(async (tx): Promise<{ result: StoreEmbeddingsResult } | { refusal: GoldsetError }> => {
    await requireStoredDimension(tx, projectId, modelId, dim);
    // The refs of everything the user holds, recomputed: the only refs this post may name.
    const batch = (await userClaims(tx, projectId, modelId, userId)).map((claim) => ({
      itemId: claim.itemId,
      ref: claimRef(refKey, { projectId, modelId, userId, itemId: claim.itemId, expiresAt: claim.expiresAt }),
    }));
    const itemOf = new Map(batch.map((claim) => [claim.ref, claim.itemId]));
    const unknown = rows.flatMap((row, index) => (itemOf.has(row.ref) ? [] : [index]));
    if (unknown.length > 0) throw unknownRefsError(rows, unknown, modelId);
    const posted = new Set(rows.map((row) => row.ref));
    const missing = batch.filter((claim) => !posted.has(claim.ref)).map((claim) => claim.ref);
    if (missing.length > 0) {
      throw new GoldsetError(
        "conflict",
        `This post leaves out ${missing.length} of the ${batch.length} items of your embedding batch (${missing.length === 1 ? "ref" : "refs"} ${listRefs(missing)}): ` +
          "post vectors for every item of the batch at once. Nothing was stored.",
      );
    }

    const resolved = rows.map((row) => ({ itemId: itemOf.get(row.ref)!, bytes: row.bytes }));
    const ids = resolved.map((row) => row.itemId);
    const present = await storedEmbeddingsOf(tx, modelId, ids);
    const fresh: EmbeddingRow[] = [];
    const checks: CrossCheck[] = [];
    for (const row of resolved) {
      const stored = present.get(row.itemId);
      if (stored) {
        checks.push({
          itemId: row.itemId,
          cosine: encodedCosine({ bytes: row.bytes, dim, encoding }, { bytes: stored.vector, dim: stored.dim, encoding: stored.encoding }),
          referenceBy: stored.createdBy,
        });
      } else fresh.push(row);
    }

    const failed = checks.filter((check) => !(check.cosine >= CROSS_CHECK_MIN_COSINE));
    if (failed.length > 0) {
      const failedItems = failed.map((check) => check.itemId).sort((a, b) => a - b);
      if (!(await auditedRecently(tx, { projectId, userId, modelId, failedItems, now }))) {
        await recordAudit(tx, {
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
      await releaseClaims(
        tx,
        modelId,
        userId,
        ids.filter((id) => !checked.has(id)),
      );
      return {
        refusal: new GoldsetError(
          "forbidden",
          `Some of the ${rows.length} posted vectors disagree with embeddings of the same items already stored for ${modelId}, so none was stored. ` +
            `The project lead can see this. If this browser runs the project's encoder unmodified, tell the lead: the stored vectors may be the wrong ones.`,
        ),
      };
    }
    const stored = await insertEmbeddings(tx, { modelId, encoding, dim, userId, now }, fresh);
    await releaseClaims(tx, modelId, userId, ids);
    return { result: { stored, alreadyPresent: checks.length, checked: checks.length } };
  });
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.result;
}

async function requireStoredDimension(db: Executor, projectId: string, modelId: string, dim: number): Promise<void> {
  const existing = await storedDimension(db, projectId, modelId);
  if (existing !== null && existing !== dim) {
    throw new GoldsetError(
      "conflict",
      `This project's ${modelId} embeddings have ${existing} dimensions, the posted ones ${dim}: the encoder that produced them is not the same model.`,
    );
  }
}

function listRefs(refs: readonly string[]): string {
  return refs.length > 10 ? `${refs.slice(0, 10).join(", ")} and ${refs.length - 10} more` : refs.join(", ");
}

/** The second and later rows that repeat a ref, one problem each. */
function repeatedRefs(rows: readonly ClaimedEmbeddingRow[]): Problem[] {
  const firstAt = new Map<string, number>();
  const problems: Problem[] = [];
  rows.forEach((row, index) => {
    const first = firstAt.get(row.ref);
    if (first === undefined) firstAt.set(row.ref, index);
    else {
      const field = `vectors.${index}.ref`;
      problems.push({ field, message: `${field}: the same ref as vectors.${first}.ref` });
    }
  });
  return problems;
}

function unknownRefsError(rows: readonly ClaimedEmbeddingRow[], unknown: readonly number[], modelId: string): GoldsetError {
  const problems: Problem[] = unknown.map((index) => {
    const field = `vectors.${index}.ref`;
    return {
      field,
      message:
        `${field}: ${JSON.stringify(rows[index]!.ref)} is not a ref of your embedding batch for ${modelId} ` +
        "(never handed to you, already posted, or your claim lapsed and someone else took the item)",
    };
  });
  return new GoldsetError(
    "conflict",
    `${unknown.length} of the ${rows.length} posted vectors name a ref that is not in your embedding batch for ${modelId} (${listFields(unknown)}): ` +
      "claim a batch and post one vector for each ref it hands out. Nothing was stored.",
    problems,
  );
}

function listFields(indexes: readonly number[]): string {
  const fields = indexes.map((index) => `vectors.${index}.ref`);
  return fields.length > 10 ? `${fields.slice(0, 10).join(", ")} and ${fields.length - 10} more` : fields.join(", ");
}

async function insertEmbeddings(
  tx: Executor,
  { modelId, encoding, dim, userId, now }: { modelId: string; encoding: EmbeddingEncoding; dim: number; userId: string | null; now: Date },
  rows: readonly EmbeddingRow[],
): Promise<number> {
  let stored = 0;
  for (const row of rows) {
    stored += rowsChanged(
      await tx
        .insert(embeddings)
        .values({
          itemId: row.itemId,
          modelId,
          encoding,
          dim,
          vector: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
          createdBy: userId,
          createdAt: now,
        })
        .onConflictDoNothing(),
    );
  }
  return stored;
}

type PresentEmbedding = { createdBy: string | null; encoding: EmbeddingEncoding; dim: number; vector: Uint8Array };

async function storedEmbeddingsOf(db: Executor, modelId: string, ids: readonly number[]): Promise<Map<number, PresentEmbedding>> {
  const out = new Map<number, PresentEmbedding>();
  for (const part of lookupChunks(ids)) {
    const rows = await db
      .select({ itemId: embeddings.itemId, createdBy: embeddings.createdBy, encoding: embeddings.encoding, dim: embeddings.dim, vector: embeddings.vector })
      .from(embeddings)
      .where(and(eq(embeddings.modelId, modelId), inArray(embeddings.itemId, part)));
    for (const { itemId, ...rest } of rows) out.set(itemId, rest);
  }
  return out;
}

export async function storedDimension(db: Executor, projectId: string, modelId: string): Promise<number | null> {
  const row = (
    await db
      .select({ dim: embeddings.dim })
      .from(embeddings)
      .innerJoin(items, eq(items.id, embeddings.itemId))
      .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId)))
      .limit(1)
  )[0];
  return row?.dim ?? null;
}

export type EmbeddingCoverage = { items: number; embedded: number; claimed: number };

/** How many of the project's items have an embedding for the model, and how many lacking one are claimed now (cross-checks are not work). */
export async function embeddingCoverage({
  db,
  projectId,
  modelId,
  now = new Date(),
}: {
  db: Executor;
  projectId: string;
  modelId: string;
  now?: Date;
}): Promise<EmbeddingCoverage> {
  const total = (await db.select({ n: count() }).from(items).where(eq(items.projectId, projectId)).limit(1))[0]?.n ?? 0;
  const embedded =
    (
      await db
        .select({ n: count() })
        .from(embeddings)
        .innerJoin(items, eq(items.id, embeddings.itemId))
        .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId)))
        .limit(1)
    )[0]?.n ?? 0;
  const claimed =
    (
      await db
        .select({ n: count() })
        .from(embeddingClaims)
        .innerJoin(items, eq(items.id, embeddingClaims.itemId))
        .where(and(eq(items.projectId, projectId), eq(embeddingClaims.modelId, modelId), gt(embeddingClaims.expiresAt, now), lacksEmbedding(db, modelId)))
        .limit(1)
    )[0]?.n ?? 0;
  return { items: total, embedded, claimed };
}

export type StoredEmbedding = { itemId: number; encoding: EmbeddingEncoding; dim: number; vector: Uint8Array };

/**
 * The stored embeddings of the project's items for the model, by item id: all of them, or a page
 * of up to `limit` after item `afterItemId` (a retrain reads them a page at a time).
 */
export async function projectEmbeddings({
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
}): Promise<StoredEmbedding[]> {
  const query = db
    .select({ itemId: embeddings.itemId, encoding: embeddings.encoding, dim: embeddings.dim, vector: embeddings.vector })
    .from(embeddings)
    .innerJoin(items, eq(items.id, embeddings.itemId))
    .where(and(eq(items.projectId, projectId), eq(embeddings.modelId, modelId), gt(embeddings.itemId, afterItemId)))
    .orderBy(asc(embeddings.itemId));
  return limit === undefined ? await query : await query.limit(limit);
}

/** The next items (by id, after `afterId`) without an embedding for the model, for bulk embedding under Node. */
export async function itemsLackingEmbedding({
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
}): Promise<ItemText[]> {
  return await db
    .select({ id: items.id, text: items.text })
    .from(items)
    .where(and(eq(items.projectId, projectId), gt(items.id, afterId), lacksEmbedding(db, modelId)))
    .orderBy(asc(items.id))
    .limit(limit);
}

/**
 * Whether the same refusal (same user, model and failed items) was audited within one claim
 * period. After a refusal the user still holds the check items, and re-posting them would
 * otherwise write an audit row per request; one row per claim period tells the lead as much.
 */
async function auditedRecently(
  db: Executor,
  { projectId, userId, modelId, failedItems, now }: { projectId: string; userId: string; modelId: string; failedItems: readonly number[]; now: Date },
): Promise<boolean> {
  const latest = (
    await db
      .select({ details: auditLog.details, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(
        and(eq(auditLog.projectId, projectId), eq(auditLog.actorId, userId), eq(auditLog.action, CROSS_CHECK_FAILED_ACTION), eq(auditLog.targetId, modelId)),
      )
      .orderBy(desc(auditLog.id))
      .limit(1)
  )[0];
  if (!latest || now.getTime() - latest.createdAt.getTime() >= EMBEDDING_CLAIM_MS) return false;
  const before = latest.details.failedItems;
  return Array.isArray(before) && before.length === failedItems.length && failedItems.every((id, i) => before[i] === id);
}
