// Item embeddings per encoder model, and the claims that share computing them between browsers: a
// claim hands a batch of items that lack an embedding to one user until it expires; an expired
// claim, or an item nobody holds, is free for the next browser that asks.
//
// A claim hands out item texts, so it is rationed: at most MAX_EMBEDDING_CLAIM_ITEMS items, one
// batch per user at a time (asking again returns the batch still held, until its vectors are
// posted or it expires), and only while the project has open items to rank. A loop on the claim
// route gets new texts only by posting vectors for the last batch (each stored with its author)
// or by waiting out the claim: 32 items per round, not the whole project in one go.
import { and, asc, count, eq, gt, inArray, ne, notExists, sql } from "drizzle-orm";
import { embeddingClaims, embeddings, items, type EMBEDDING_ENCODINGS } from "../schema";
import type { Db, Executor } from "../index";
import { GoldsetError } from "@/lib/errors";

export type EmbeddingEncoding = (typeof EMBEDDING_ENCODINGS)[number];

/** Long enough to embed a batch on a slow laptop; short enough that a closed tab frees its items soon. */
export const EMBEDDING_CLAIM_MS = 2 * 60_000;

/** Most items in one claimed batch: a few seconds of work for a browser (which asks for 32). */
export const MAX_EMBEDDING_CLAIM_ITEMS = 32;

const LOOKUP_CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) out.push(values.slice(i, i + LOOKUP_CHUNK));
  return out;
}

// Correlated subqueries on the outer items row (drizzle names the outer column with its table).
function lacksEmbedding(db: Executor, modelId: string) {
  return notExists(db.select({ one: sql`1` }).from(embeddings).where(and(eq(embeddings.itemId, items.id), eq(embeddings.modelId, modelId))));
}

function notClaimedByOthers(db: Executor, modelId: string, userId: string, now: Date) {
  return notExists(
    db
      .select({ one: sql`1` })
      .from(embeddingClaims)
      .where(
        and(
          eq(embeddingClaims.itemId, items.id),
          eq(embeddingClaims.modelId, modelId),
          ne(embeddingClaims.userId, userId),
          gt(embeddingClaims.expiresAt, now),
        ),
      ),
  );
}

export type ClaimedItem = { id: number; text: string };

export type EmbeddingClaim =
  /** A new batch (empty when every item lacking an embedding is embedded or held by someone else). */
  | { status: "claimed"; items: ClaimedItem[]; expiresAt: Date }
  /** The batch the user already holds, again: nothing new until it is posted or expires. */
  | { status: "held"; items: ClaimedItem[]; expiresAt: Date }
  /** The project needs no embeddings now; `reason` says why. */
  | { status: "not-needed"; items: []; reason: string };

/**
 * Claims for `userId`, until `now + claimMs`, up to `count` (at most MAX_EMBEDDING_CLAIM_ITEMS)
 * items of the project that have no embedding for `modelId` and no live claim by another user,
 * oldest first. A user who still holds a live batch gets that batch back instead, with its
 * expiry unchanged, so a reloaded page picks up its own work and nobody gets a second batch. A
 * project without open items gets nothing: with no queue left to rank, embeddings serve nothing.
 */
export function claimEmbeddingBatch({
  db,
  projectId,
  modelId,
  userId,
  count: wanted,
  now = new Date(),
  claimMs = EMBEDDING_CLAIM_MS,
}: {
  db: Db;
  projectId: string;
  modelId: string;
  userId: string;
  count: number;
  now?: Date;
  claimMs?: number;
}): EmbeddingClaim {
  const limit = Math.max(0, Math.min(wanted, MAX_EMBEDDING_CLAIM_ITEMS));
  return db.transaction(
    (tx): EmbeddingClaim => {
      const held = heldBatch(tx, projectId, modelId, userId, now);
      if (held) return { status: "held", items: held.items.slice(0, limit), expiresAt: held.expiresAt };
      const open = tx.select({ id: items.id }).from(items).where(and(eq(items.projectId, projectId), eq(items.open, true))).limit(1).get();
      if (!open) return { status: "not-needed", items: [], reason: "every item has all the annotations it needs, so there is no queue left to rank" };
      const expiresAt = new Date(now.getTime() + claimMs);
      const batch = tx
        .select({ id: items.id, text: items.text })
        .from(items)
        .where(and(eq(items.projectId, projectId), lacksEmbedding(tx, modelId), notClaimedByOthers(tx, modelId, userId, now)))
        .orderBy(asc(items.id))
        .limit(limit)
        .all();
      for (const item of batch) {
        tx.insert(embeddingClaims)
          .values({ itemId: item.id, modelId, userId, expiresAt })
          .onConflictDoUpdate({ target: [embeddingClaims.itemId, embeddingClaims.modelId], set: { userId, expiresAt } })
          .run();
      }
      return { status: "claimed", items: batch, expiresAt };
    },
    { behavior: "immediate" },
  );
}

/** The user's live claims in the project on items still lacking an embedding, if any, and when the first lapses. */
function heldBatch(db: Executor, projectId: string, modelId: string, userId: string, now: Date): { items: ClaimedItem[]; expiresAt: Date } | null {
  const held = db
    .select({ id: items.id, text: items.text, expiresAt: embeddingClaims.expiresAt })
    .from(embeddingClaims)
    .innerJoin(items, eq(items.id, embeddingClaims.itemId))
    .where(
      and(
        eq(items.projectId, projectId),
        eq(embeddingClaims.modelId, modelId),
        eq(embeddingClaims.userId, userId),
        gt(embeddingClaims.expiresAt, now),
        lacksEmbedding(db, modelId),
      ),
    )
    .orderBy(asc(items.id))
    .all();
  if (held.length === 0) return null;
  const expiresAt = new Date(Math.min(...held.map((claim) => claim.expiresAt.getTime())));
  return { items: held.map(({ id, text }) => ({ id, text })), expiresAt };
}

export type EmbeddingRow = { itemId: number; bytes: Uint8Array };

export type StoreEmbeddingsResult = { stored: number; alreadyPresent: number };

/**
 * Stores encoded embeddings (already validated for shape by the caller, see
 * lib/active-learning-service/embedding-payload.ts) for items of the project. Refuses items of
 * other projects and a dimension that differs from the model's embeddings already stored; an item
 * embedded meanwhile by someone else keeps its first embedding. Frees the stored items' claims.
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
  if (rows.length === 0) return { stored: 0, alreadyPresent: 0 };
  const ids = rows.map((r) => r.itemId);
  if (new Set(ids).size !== ids.length) throw new GoldsetError("bad_request", "vectors: an item appears more than once in the batch.");
  return db.transaction(
    (tx) => {
      const known = new Set<number>();
      for (const part of chunks(ids)) {
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
      let stored = 0;
      for (const row of rows) {
        stored += tx
          .insert(embeddings)
          .values({ itemId: row.itemId, modelId, encoding, dim, vector: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength), createdBy: userId, createdAt: now })
          .onConflictDoNothing()
          .run().changes;
      }
      for (const part of chunks(ids)) {
        tx.delete(embeddingClaims).where(and(eq(embeddingClaims.modelId, modelId), inArray(embeddingClaims.itemId, part))).run();
      }
      return { stored, alreadyPresent: rows.length - stored };
    },
    { behavior: "immediate" },
  );
}

function storedDimension(db: Executor, projectId: string, modelId: string): number | null {
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

/** How many of the project's items have an embedding for the model, and how many are claimed now. */
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
      .where(and(eq(items.projectId, projectId), eq(embeddingClaims.modelId, modelId), gt(embeddingClaims.expiresAt, now)))
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
