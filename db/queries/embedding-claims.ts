// The claims that share computing embeddings between browsers: a claim hands a batch of items
// that lack an embedding to one user until it expires; an expired claim, or an item nobody holds,
// is free for the next browser that asks.
//
// A claim hands out item texts, so it is rationed: at most MAX_EMBEDDING_CLAIM_ITEMS items, one
// batch per user at a time (asking again returns the batch still held, until its vectors are
// posted or it expires), and only while the project has open items to rank. A loop on the claim
// route gets new texts only by posting vectors for the last batch (each stored with its author)
// or by waiting out the claim: 32 items per round, not the whole project in one go.
//
// Like gold questions in crowdsourcing, a new batch also carries up to CROSS_CHECKS_PER_BATCH
// items that someone else (another browser, or `goldset score`) already embedded, claimed like
// the rest and indistinguishable from them in the response. They keep their stored embedding,
// are compared with what the browser posts (storeEmbeddings in ./embeddings.ts), and never count
// as work claimed.
//
// Indistinguishable means the browser never sees item ids (work is handed out oldest first, so
// ids would tell the checks apart): each item comes with an opaque ref, per user and per claim
// (lib/active-learning/server/embedding-claim-refs.ts), and the batch comes in random order.
import "server-only";
import { randomInt, type KeyObject } from "node:crypto";
import { and, asc, desc, eq, exists, gt, inArray, isNull, lte, ne, notExists, or, sql } from "drizzle-orm";
import { embeddingClaims, embeddings, items } from "../schema";
import type { Db, Executor } from "../index";
import { claimRef } from "@/lib/active-learning/server/embedding-claim-refs";
import { withoutIndex } from "../dialect/sql";
import { lookupChunks } from "./lookup-chunks";

/** Long enough to embed a batch on a slow laptop; short enough that a closed tab frees its items soon. */
export const EMBEDDING_CLAIM_MS = 2 * 60_000;

/** Most items in one claimed batch, cross-checks included: a few seconds of work for a browser (which asks for 32). */
export const MAX_EMBEDDING_CLAIM_ITEMS = 32;

/** Already-embedded items slipped into each new batch: enough to catch a browser that makes vectors up, cheap to embed twice. */
export const CROSS_CHECKS_PER_BATCH = 2;

/** Check items are drawn at random from this many of the latest items embedded by others. */
const CROSS_CHECK_CANDIDATES = 64;


// Correlated subqueries on the outer items row (drizzle names the outer column with its table).
export function lacksEmbedding(db: Executor, modelId: string) {
  return notExists(
    db
      .select({ one: sql`1` })
      .from(embeddings)
      .where(and(eq(embeddings.itemId, items.id), eq(embeddings.modelId, modelId))),
  );
}

function notClaimedByOthers(db: Executor, modelId: string, userId: string, now: Date) {
  return notExists(
    db
      .select({ one: sql`1` })
      .from(embeddingClaims)
      .where(
        and(eq(embeddingClaims.itemId, items.id), eq(embeddingClaims.modelId, modelId), ne(embeddingClaims.userId, userId), gt(embeddingClaims.expiresAt, now)),
      ),
  );
}

export type ItemText = { id: number; text: string };

/** `id` stays on the server: the browser gets `ref` and `text` only. */
export type ClaimedItem = { id: number; ref: string; text: string };

export type EmbeddingClaim =
  /** A new batch (empty when every item lacking an embedding is embedded or held by someone else). */
  | { status: "claimed"; items: ClaimedItem[]; expiresAt: Date }
  /** The batch the user already holds, again: nothing new until it is posted or expires. */
  | { status: "held"; items: ClaimedItem[]; expiresAt: Date }
  /** The project needs no embeddings now; `reason` says why. */
  | { status: "not-needed"; items: []; reason: string };

/**
 * Claims for `userId`, until `now + claimMs`, up to `count` items of the project that have no
 * embedding for `modelId` and no live claim by another user, oldest first, plus up to
 * CROSS_CHECKS_PER_BATCH cross-check items, at most MAX_EMBEDDING_CLAIM_ITEMS in all, shuffled,
 * each with its ref under `refKey`. A user who still holds a live batch gets that whole batch
 * back instead (same refs, expiry unchanged, shuffled anew), so a reloaded page picks up its own
 * work and nobody gets a second batch. A project without open items gets nothing: with no queue
 * left to rank, embeddings serve nothing.
 */
export async function claimEmbeddingBatch({
  db,
  projectId,
  modelId,
  userId,
  refKey,
  count: wanted,
  now = new Date(),
  claimMs = EMBEDDING_CLAIM_MS,
}: {
  db: Db;
  projectId: string;
  modelId: string;
  userId: string;
  refKey: KeyObject;
  count: number;
  now?: Date;
  claimMs?: number;
}): Promise<EmbeddingClaim> {
  const limit = Math.max(0, Math.min(wanted, MAX_EMBEDDING_CLAIM_ITEMS));
  return await db.transaction(async (tx): Promise<EmbeddingClaim> => {
    const held = await heldBatch(tx, { projectId, modelId, userId, refKey, now });
    // Whole, even if `count` is smaller now: a post must cover the batch.
    if (held) return { status: "held", items: held.items, expiresAt: held.expiresAt };
    const open = (
      await tx
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.projectId, projectId), eq(items.open, true)))
        .limit(1)
    )[0];
    if (!open) return { status: "not-needed", items: [], reason: "every item has all the annotations it needs, so there is no queue left to rank" };
    // The user's lapsed claims belong to a batch they gave up on; the new batch replaces it.
    await tx.delete(embeddingClaims).where(
      and(
        eq(embeddingClaims.userId, userId),
        eq(embeddingClaims.modelId, modelId),
        lte(embeddingClaims.expiresAt, now),
        // Per claim row (a user holds a batch's worth), not the project's whole id list.
        exists(
          tx
            .select({ one: sql`1` })
            .from(items)
            .where(and(eq(items.id, embeddingClaims.itemId), eq(items.projectId, projectId))),
        ),
      ),
    );
    const expiresAt = new Date(now.getTime() + claimMs);
    const work = await tx
      .select({ id: items.id, text: items.text })
      .from(items)
      .where(and(eq(items.projectId, projectId), lacksEmbedding(tx, modelId), notClaimedByOthers(tx, modelId, userId, now)))
      .orderBy(asc(items.id))
      .limit(limit);
    // Checks only ride along with real work: a batch of checks alone would keep a browser busy for nothing.
    const checks = work.length === 0 ? [] : await crossCheckItems(tx, projectId, modelId, userId, now);
    const picked = [...work.slice(0, MAX_EMBEDDING_CLAIM_ITEMS - checks.length), ...checks];
    const batch = shuffled(picked.map((item) => ({ ...item, ref: claimRef(refKey, { projectId, modelId, userId, itemId: item.id, expiresAt }) })));
    for (const item of batch) {
      await tx
        .insert(embeddingClaims)
        .values({ itemId: item.id, modelId, userId, expiresAt })
        .onConflictDoUpdate({ target: [embeddingClaims.itemId, embeddingClaims.modelId], set: { userId, expiresAt } });
    }
    return { status: "claimed", items: batch, expiresAt };
  });
}

/**
 * Up to CROSS_CHECKS_PER_BATCH items embedded by someone other than the user and not held by
 * anyone else now, at random among the latest such items. Chosen with a CSPRNG: the browser must
 * not be able to guess them.
 */
async function crossCheckItems(db: Executor, projectId: string, modelId: string, userId: string, now: Date): Promise<ItemText[]> {
  // Driven from the embeddings, newest item first: walking the project's items from the top instead
  // would test every un-embedded item on the way down (a full scan per claim in a large project).
  const candidates = await db
    .select({ id: items.id, text: items.text })
    .from(embeddings)
    .innerJoin(items, eq(items.id, embeddings.itemId))
    .where(
      and(
        eq(embeddings.modelId, modelId),
        or(isNull(embeddings.createdBy), ne(embeddings.createdBy, userId)),
        // Keeps SQLite from starting at the items' project index and sorting them all.
        sql`${withoutIndex(items.projectId)} = ${projectId}`,
        notClaimedByOthers(db, modelId, userId, now),
      ),
    )
    .orderBy(desc(embeddings.itemId))
    .limit(CROSS_CHECK_CANDIDATES);
  const picked: ItemText[] = [];
  while (picked.length < CROSS_CHECKS_PER_BATCH && candidates.length > 0) {
    picked.push(candidates.splice(randomInt(candidates.length), 1)[0]!);
  }
  return picked;
}

/** A CSPRNG shuffle (Fisher–Yates): the order of a batch must say nothing about which items are checks. */
function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The user's live claims in the project, check items included, if any, and when the first lapses. */
async function heldBatch(
  db: Executor,
  { projectId, modelId, userId, refKey, now }: { projectId: string; modelId: string; userId: string; refKey: KeyObject; now: Date },
): Promise<{ items: ClaimedItem[]; expiresAt: Date } | null> {
  const held = await db
    .select({ id: items.id, text: items.text, expiresAt: embeddingClaims.expiresAt })
    .from(embeddingClaims)
    .innerJoin(items, eq(items.id, embeddingClaims.itemId))
    .where(and(eq(items.projectId, projectId), eq(embeddingClaims.modelId, modelId), eq(embeddingClaims.userId, userId), gt(embeddingClaims.expiresAt, now)));
  if (held.length === 0) return null;
  const expiresAt = new Date(Math.min(...held.map((claim) => claim.expiresAt.getTime())));
  // Each ref from its own claim's expiry: the refs the batch was handed out with.
  const batch = held.map((claim) => ({
    id: claim.id,
    ref: claimRef(refKey, { projectId, modelId, userId, itemId: claim.id, expiresAt: claim.expiresAt }),
    text: claim.text,
  }));
  return { items: shuffled(batch), expiresAt };
}

export type UserClaim = { itemId: number; expiresAt: Date };

/** Every claim the user holds in the project for the model, live or lapsed (a lapsed one nobody has taken since): their current batch. */
export async function userClaims(db: Executor, projectId: string, modelId: string, userId: string): Promise<UserClaim[]> {
  return await db
    .select({ itemId: embeddingClaims.itemId, expiresAt: embeddingClaims.expiresAt })
    .from(embeddingClaims)
    .innerJoin(items, eq(items.id, embeddingClaims.itemId))
    .where(and(eq(items.projectId, projectId), eq(embeddingClaims.modelId, modelId), eq(embeddingClaims.userId, userId)))
    .orderBy(asc(embeddingClaims.itemId));
}

/** Drops the user's claims on these items (the user's only: someone who took one over keeps it). */
export async function releaseClaims(db: Executor, modelId: string, userId: string, ids: readonly number[]): Promise<void> {
  for (const part of lookupChunks(ids)) {
    await db
      .delete(embeddingClaims)
      .where(and(eq(embeddingClaims.modelId, modelId), eq(embeddingClaims.userId, userId), inArray(embeddingClaims.itemId, part)));
  }
}
