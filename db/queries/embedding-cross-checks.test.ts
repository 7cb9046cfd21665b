import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { auditLog } from "../schema";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { claimEmbeddingBatch, CROSS_CHECKS_PER_BATCH, EMBEDDING_CLAIM_MS, MAX_EMBEDDING_CLAIM_ITEMS, type ClaimedItem } from "./embedding-claims";
import { CROSS_CHECK_FAILED_ACTION, embeddingCoverage, itemsLackingEmbedding, projectEmbeddings, storeEmbeddings, type EmbeddingEncoding } from "./embeddings";
import { decodeEmbeddings, encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { CROSS_CHECK_MIN_COSINE } from "@/lib/active-learning/embedding-check";
import { claimRef, deriveClaimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";
import { GoldsetError } from "@/lib/errors";

const MODEL = "goldset-test/minilm-l6-random";
const DIM = 8;
const REF_KEY = deriveClaimRefKey("embedding cross-check tests: a server secret");

let db: Db;
let close: () => void;
let projectId: string;
const people: Record<string, string> = {};

async function seed(slug: string, size: number): Promise<string> {
  const id = (await createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead }))
    .id;
  const texts = Array.from({ length: size }, (_, i) => `${slug} ${i + 1}`);
  await importItems({
    db,
    projectId: id,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: people.lead!,
    records: texts.map((t) => ({ externalId: t, text: t, metadata: {}, contentHash: `h-${t}` })),
  });
  return id;
}

/** What an honest encoder says about an item: the same vector whoever computes it. */
function vector(itemId: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, j) => Math.sin(itemId * 7 + j));
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes));

/** The batch's items in item order (a batch comes shuffled). */
const byId = (items: readonly ClaimedItem[]) => [...items].sort((a, b) => a.id - b.id);
const idsOf = (items: readonly ClaimedItem[]) => byId(items).map((item) => item.id);

async function claim(userId: string, count: number, now = at(0), project = projectId) {
  return await claimEmbeddingBatch({ db, projectId: project, modelId: MODEL, userId, refKey: REF_KEY, count, now });
}

/** A browser's post: one vector per claimed item, under the item's ref, in the order given. */
async function post(
  userId: string,
  batch: readonly ClaimedItem[],
  { encoding = "int8" as EmbeddingEncoding, now = at(0), make = vector, project = projectId } = {},
) {
  const rows = batch.map((item) => ({ ref: item.ref, bytes: encodeEmbeddings(make(item.id), DIM, encoding) }));
  return await storeEmbeddings({ db, projectId: project, modelId: MODEL, userId, refKey: REF_KEY, encoding, dim: DIM, rows, now });
}

/** `goldset score`: no user, items by id. */
async function score(itemIds: readonly number[], project = projectId) {
  const rows = itemIds.map((itemId) => ({ itemId, bytes: encodeEmbeddings(vector(itemId), DIM, "int8") }));
  return await storeEmbeddings({ db, projectId: project, modelId: MODEL, userId: null, encoding: "int8", dim: DIM, rows, now: at(0) });
}

async function caught(work: () => Promise<unknown>): Promise<GoldsetError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof GoldsetError) return error;
    throw error;
  }
  throw new Error("expected a GoldsetError");
}

/** Has ann1 embed the first `n` items, so that they can serve as cross-checks for everyone else. */
async function embedFirstAsAnn1(n: number): Promise<number[]> {
  const batch = (await claim(people.ann1!, n)).items;
  await post(people.ann1!, batch);
  return idsOf(batch);
}

const embedded = async () => (await embeddingCoverage({ db, projectId, modelId: MODEL })).embedded;
const failureAudits = async () => await db.select().from(auditLog).where(eq(auditLog.action, CROSS_CHECK_FAILED_ACTION));
const isSorted = (ids: readonly number[]) => ids.every((id, i) => i === 0 || ids[i - 1]! < id);

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["ann1", "ann2", "ann3", "lead"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  projectId = await seed("sms", 12);
});
afterEach(() => close());

describe("a claim names its items by opaque refs, not ids", () => {
  it("hands out a ref per item, no id in it, in random order, and the same refs while the batch is held", async () => {
    const big = await seed("big", MAX_EMBEDDING_CLAIM_ITEMS * 2);
    const batch = await claim(people.ann1!, MAX_EMBEDDING_CLAIM_ITEMS, at(0), big);
    const ids = batch.items.map((item) => item.id);
    // Real work goes oldest first, so item order would give the checks away; 32 items in either order by chance: 2 in 32!.
    expect(isSorted(ids)).toBe(false);
    expect(isSorted([...ids].reverse())).toBe(false);
    const refs = batch.items.map((item) => item.ref);
    expect(new Set(refs).size).toBe(MAX_EMBEDDING_CLAIM_ITEMS);
    for (const ref of refs) expect(ref).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const again = await claim(people.ann1!, MAX_EMBEDDING_CLAIM_ITEMS, at(1), big);
    expect(again.status).toBe("held");
    expect(byId(again.items)).toEqual(byId(batch.items));
    expect(isSorted(again.items.map((item) => item.id))).toBe(false);
  });

  it("gives the same item a different ref for another user and for another claim of the same user", async () => {
    const first = await claim(people.ann1!, 3, at(0));
    const lapsed = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 1);
    const ann2 = await claim(people.ann2!, 3, lapsed);
    expect(idsOf(ann2.items)).toEqual(idsOf(first.items));
    const lapsedAgain = new Date(lapsed.getTime() + EMBEDDING_CLAIM_MS + 1);
    const ann2Again = await claim(people.ann2!, 3, lapsedAgain);
    expect(ann2Again.status).toBe("claimed");
    expect(idsOf(ann2Again.items)).toEqual(idsOf(first.items));
    const refSets = [first, ann2, ann2Again].map((c) => byId(c.items).map((item) => item.ref));
    for (let item = 0; item < 3; item++) expect(new Set(refSets.map((refs) => refs[item])).size).toBe(3);

    // The ref covers the user as well as the claim: the same claim expiry for another user gives another ref.
    const fields = { projectId, modelId: MODEL, itemId: first.items[0]!.id, expiresAt: new Date(at(0).getTime() + EMBEDDING_CLAIM_MS) };
    expect(claimRef(REF_KEY, { ...fields, userId: people.ann1! })).toBe(first.items[0]!.ref);
    expect(claimRef(REF_KEY, { ...fields, userId: people.ann2! })).not.toBe(first.items[0]!.ref);
  });
});

describe("a browser posts only for the items it holds", () => {
  it("stores each posted vector on the item its ref was handed out for", async () => {
    const batch = (await claim(people.ann1!, 5)).items;
    // Posted against item order, so a server that matched rows by position would store them on the wrong items.
    expect(await post(people.ann1!, byId(batch).reverse())).toEqual({ stored: 5, alreadyPresent: 0, checked: 0 });
    const stored = await projectEmbeddings({ db, projectId, modelId: MODEL });
    expect(stored.map((e) => e.itemId)).toEqual(idsOf(batch));
    for (const row of stored) {
      const decoded = decodeEmbeddings(row.vector, row.dim, row.encoding);
      vector(row.itemId).forEach((value, j) => expect(decoded[j]).toBeCloseTo(value, 2));
    }
  });

  it("refuses refs it never handed to the poster, naming their fields, and stores nothing of the post", async () => {
    const ann1Batch = (await claim(people.ann1!, 3)).items;
    const error = await caught(async () => await post(people.ann2!, ann1Batch));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.message).toContain(`3 of the 3 posted vectors name a ref that is not in your embedding batch for ${MODEL}`);
    expect(error.message).toContain("Nothing was stored.");
    expect(error.problems.map((p) => p.field)).toEqual(["vectors.0.ref", "vectors.1.ref", "vectors.2.ref"]);
    expect(error.problems[0]!.message).toContain(JSON.stringify(ann1Batch[0]!.ref));

    // One forged ref spoils the poster's own batch too: all or nothing. A ref made without the
    // server's key, or made up, names no item.
    const unclaimed = (await itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 })).at(-1)!.id;
    const expiresAt = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS);
    const forgedRef = claimRef(deriveClaimRefKey("a guessed secret"), { projectId, modelId: MODEL, userId: people.ann1!, itemId: unclaimed, expiresAt });
    for (const ref of [forgedRef, String(unclaimed), "AAAAAAAAAAAAAAAAAAAAAA"]) {
      const forged = await caught(async () => await post(people.ann1!, [...ann1Batch, { id: unclaimed, ref, text: "" }]));
      expect(forged.status).toBe(409);
      expect(forged.problems.map((p) => p.field)).toEqual(["vectors.3.ref"]);
    }
    expect(await embedded()).toBe(0);
    expect(await post(people.ann1!, ann1Batch)).toMatchObject({ stored: 3 });
  });

  it("refuses a ref from another user's claim slipped into the poster's own batch", async () => {
    const ann1Batch = (await claim(people.ann1!, 3)).items;
    const ann2Batch = (await claim(people.ann2!, 3)).items;
    const error = await caught(async () => await post(people.ann2!, [...ann2Batch.slice(0, 1), ann1Batch[1]!, ...ann2Batch.slice(1)]));
    expect(error.status).toBe(409);
    expect(error.problems.map((p) => p.field)).toEqual(["vectors.1.ref"]);
    expect(await embedded()).toBe(0);
    // Both batches are intact: each owner can still post its own.
    expect(await post(people.ann2!, ann2Batch)).toMatchObject({ stored: 3 });
    expect(await post(people.ann1!, ann1Batch)).toMatchObject({ stored: 3 });
  });

  it("stores the poster's own claimed batch, frees its claims and spends its refs", async () => {
    const batch = (await claim(people.ann1!, 3)).items;
    expect(await post(people.ann1!, batch)).toEqual({ stored: 3, alreadyPresent: 0, checked: 0 });
    expect((await projectEmbeddings({ db, projectId, modelId: MODEL })).map((e) => e.itemId)).toEqual(idsOf(batch));
    expect(await embeddingCoverage({ db, projectId, modelId: MODEL })).toMatchObject({ embedded: 3, claimed: 0 });
    // Posting the batch again is refused and changes nothing.
    expect((await caught(async () => await post(people.ann1!, batch, { make: (id) => vector(id).map((x) => -x) }))).status).toBe(409);
    expect(await embedded()).toBe(3);
  });

  it("accepts a batch whose claim lapsed while nobody else took its items", async () => {
    const batch = (await claim(people.ann1!, 3)).items;
    const late = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 60_000);
    expect(await post(people.ann1!, batch, { now: late })).toMatchObject({ stored: 3 });
  });

  it("refuses a lapsed batch once someone else has taken some of its items", async () => {
    const batch = (await claim(people.ann1!, 3)).items;
    const afterExpiry = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 1);
    const taken = idsOf((await claim(people.ann2!, 2, afterExpiry)).items);
    expect(taken).toEqual(idsOf(batch).slice(0, 2));
    const error = await caught(async () => await post(people.ann1!, batch, { now: afterExpiry }));
    expect(error.status).toBe(409);
    expect(error.problems.map((p) => p.field)).toEqual(batch.flatMap((item, i) => (taken.includes(item.id) ? [`vectors.${i}.ref`] : [])));
    expect(await embedded()).toBe(0);
    // The one item nobody took is still ann1's, and posting it alone is the whole of what ann1 holds.
    expect(
      await post(
        people.ann1!,
        batch.filter((item) => !taken.includes(item.id)),
        { now: afterExpiry },
      ),
    ).toMatchObject({ stored: 1 });
  });

  it("lets `goldset score` (no user) store for any item by id, claimed or not", async () => {
    const ann1Batch = idsOf((await claim(people.ann1!, 2)).items);
    expect(await score([...ann1Batch, 12])).toEqual({ stored: 3, alreadyPresent: 0, checked: 0 });
  });
});

describe("cross-checks", () => {
  it("puts none into a batch while no one else has embedded anything", async () => {
    await embedFirstAsAnn1(4);
    const next = idsOf((await claim(people.ann1!, 4)).items);
    expect(next).toEqual((await itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 4 })).map((i) => i.id));
  });

  it("adds items someone else embedded to a new batch, in the same shape, and hands the same batch back while it is held", async () => {
    const reference = await embedFirstAsAnn1(5);
    const batch = await claim(people.ann2!, 3);
    expect(batch.status).toBe("claimed");
    const ids = idsOf(batch.items);
    const checks = ids.filter((id) => reference.includes(id));
    expect(checks).toHaveLength(CROSS_CHECKS_PER_BATCH);
    expect(ids.filter((id) => !reference.includes(id))).toEqual([6, 7, 8]);
    for (const item of batch.items) {
      expect(Object.keys(item).sort()).toEqual(["id", "ref", "text"]);
      expect(item.ref).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    // Checks are not work in progress.
    expect((await embeddingCoverage({ db, projectId, modelId: MODEL, now: at(0) })).claimed).toBe(3);

    const again = await claim(people.ann2!, 3, at(1));
    expect(again.status).toBe("held");
    expect(byId(again.items)).toEqual(byId(batch.items));
  });

  it("passes a faithful post, re-quantised or not, and stores only the new items", async () => {
    const reference = await embedFirstAsAnn1(5);
    const batch = (await claim(people.ann2!, 3)).items;
    expect(await post(people.ann2!, batch, { encoding: "float16" })).toEqual({
      stored: 3,
      alreadyPresent: CROSS_CHECKS_PER_BATCH,
      checked: CROSS_CHECKS_PER_BATCH,
    });
    const stored = await projectEmbeddings({ db, projectId, modelId: MODEL });
    expect(stored).toHaveLength(8);
    // The checked items keep ann1's int8 rows; the new ones are ann2's float16 rows.
    expect(stored.filter((e) => e.encoding === "int8").map((e) => e.itemId)).toEqual(reference);
    expect(await embeddingCoverage({ db, projectId, modelId: MODEL })).toMatchObject({ embedded: 8, claimed: 0 });
    expect(await failureAudits()).toEqual([]);
  });

  it("refuses the whole post when a check vector is tampered with, audits it, and frees the batch's real items", async () => {
    const reference = await embedFirstAsAnn1(5);
    const batch = (await claim(people.ann2!, 3)).items;
    const [tampered, honest] = idsOf(batch).filter((id) => reference.includes(id)) as [number, number];
    const fake = (id: number) => (id === tampered ? vector(id).map((x) => -x) : vector(id));
    const error = await caught(async () => await post(people.ann2!, batch, { make: fake }));
    expect(error.code).toBe("forbidden");
    expect(error.message).toMatch(/disagree with embeddings of the same items already stored .* none was stored/);
    // Nothing in the answer says which items, or which refs, were checks.
    expect(error.message).not.toMatch(/\bitems? \d/);
    for (const item of batch) expect(error.message).not.toContain(item.ref);
    expect(error.problems).toEqual([]);
    expect(await embedded()).toBe(5);

    const [audit, ...more] = await failureAudits();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ projectId, actorId: people.ann2, targetType: "encoder", targetId: MODEL });
    expect(audit!.details).toMatchObject({ modelId: MODEL, posted: 5, threshold: CROSS_CHECK_MIN_COSINE, failedItems: [tampered] });
    const checks = (audit!.details as { checks: { itemId: number; cosine: number; referenceBy: string }[] }).checks;
    expect(checks.map((c) => c.itemId).sort()).toEqual([tampered, honest].sort());
    expect(checks.find((c) => c.itemId === tampered)!.cosine).toBeCloseTo(-1, 3);
    expect(checks.find((c) => c.itemId === honest)!.cosine).toBeGreaterThan(0.999);
    expect(checks.every((c) => c.referenceBy === people.ann1)).toBe(true);

    // The real items are free for someone else at once; ann2 keeps only the checks, under the same refs, until they lapse.
    expect(idsOf((await claim(people.ann3!, 3, at(1))).items).filter((id) => !reference.includes(id))).toEqual([6, 7, 8]);
    const held = await claim(people.ann2!, 3, at(1));
    expect(held.status).toBe("held");
    expect(byId(held.items)).toEqual(byId(batch.filter((item) => item.id === tampered || item.id === honest)));

    // Re-posting the same made-up checks is refused every time, but audited once per claim period.
    const again = async (minutes: number) => await post(people.ann2!, held.items, { now: at(minutes), make: fake });
    expect((await caught(async () => await again(1))).code).toBe("forbidden");
    expect((await caught(async () => await again(1))).code).toBe("forbidden");
    expect(await failureAudits()).toHaveLength(1);
    expect((await caught(async () => await again(3))).code).toBe("forbidden");
    expect(await failureAudits()).toHaveLength(2);
  });

  it("checks what a browser posts for an item `goldset score` embedded while the browser held it", async () => {
    const batch = (await claim(people.ann1!, 3)).items;
    const scored = idsOf(batch)[1]!;
    await score([scored]);
    await expect(post(people.ann1!, batch, { make: (id) => (id === scored ? vector(id).map((x) => -x) : vector(id)) })).rejects.toThrow(GoldsetError);
    expect(await failureAudits()).toHaveLength(1);
    expect((await failureAudits())[0]!.details).toMatchObject({ checks: [{ itemId: scored, referenceBy: null }] });
    // The honest post passes against the CLI's vector; the CLI's stays.
    const held = (await claim(people.ann1!, 3, at(1))).items;
    expect(held.map((i) => i.id)).toEqual([scored]);
    expect(await post(people.ann1!, held, { now: at(1), encoding: "float16" })).toEqual({ stored: 0, alreadyPresent: 1, checked: 1 });
  });

  it("keeps a batch within the cap of items, checks included", async () => {
    const big = await seed("big", MAX_EMBEDDING_CLAIM_ITEMS * 3);
    const first = (await claim(people.ann1!, MAX_EMBEDDING_CLAIM_ITEMS, at(0), big)).items;
    await post(people.ann1!, first, { project: big });
    const firstIds = first.map((i) => i.id);
    const batch = (await claim(people.ann2!, 1_000, at(0), big)).items.map((i) => i.id);
    expect(batch).toHaveLength(MAX_EMBEDDING_CLAIM_ITEMS);
    expect(batch.filter((id) => firstIds.includes(id))).toHaveLength(CROSS_CHECKS_PER_BATCH);
  });

  it("never blocks anyone's work: a check held by one user is just not a check for another", async () => {
    const reference = await embedFirstAsAnn1(2);
    const ann2 = (await claim(people.ann2!, 3)).items;
    expect(idsOf(ann2)).toEqual([...reference, 3, 4, 5]);
    const ann3 = idsOf((await claim(people.ann3!, 3)).items);
    expect(ann3).toEqual([6, 7, 8]);
    // Once ann2 has posted, every embedded item can serve as a check again (ann2's included).
    await post(people.ann2!, ann2);
    const lead = idsOf((await claim(people.lead!, 2)).items);
    expect(lead.filter((id) => id > 8)).toEqual([9, 10]);
    expect(lead.filter((id) => id <= 5)).toHaveLength(CROSS_CHECKS_PER_BATCH);
  });
});
