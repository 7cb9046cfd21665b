import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { auditLog } from "../schema";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { claimEmbeddingBatch, CROSS_CHECKS_PER_BATCH, EMBEDDING_CLAIM_MS, MAX_EMBEDDING_CLAIM_ITEMS } from "./embedding-claims";
import { CROSS_CHECK_FAILED_ACTION, embeddingCoverage, itemsLackingEmbedding, projectEmbeddings, storeEmbeddings, type EmbeddingEncoding } from "./embeddings";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { CROSS_CHECK_MIN_COSINE } from "@/lib/active-learning/embedding-check";
import { GoldsetError } from "@/lib/errors";

const MODEL = "goldset-test/minilm-l6-random";
const DIM = 8;

let db: Db;
let close: () => void;
let projectId: string;
const people: Record<string, string> = {};

function seed(slug: string, size: number): string {
  const id = createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead }).id;
  const texts = Array.from({ length: size }, (_, i) => `${slug} ${i + 1}`);
  importItems({ db, projectId: id, fileName: "t.jsonl", format: "jsonl", actorId: people.lead!, records: texts.map((t) => ({ externalId: t, text: t, metadata: {}, contentHash: `h-${t}` })) });
  return id;
}

/** What an honest encoder says about an item: the same vector whoever computes it. */
function vector(itemId: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, j) => Math.sin(itemId * 7 + j));
}

function rows(itemIds: readonly number[], encoding: EmbeddingEncoding = "int8", make: (id: number) => Float32Array = vector) {
  return itemIds.map((itemId) => ({ itemId, bytes: encodeEmbeddings(make(itemId), DIM, encoding) }));
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes));

function claim(userId: string, count: number, now = at(0), project = projectId) {
  return claimEmbeddingBatch({ db, projectId: project, modelId: MODEL, userId, count, now });
}

function post(userId: string | null, itemIds: readonly number[], { encoding = "int8" as EmbeddingEncoding, now = at(0), make = vector, project = projectId } = {}) {
  return storeEmbeddings({ db, projectId: project, modelId: MODEL, userId, encoding, dim: DIM, rows: rows(itemIds, encoding, make), now });
}

function caught(work: () => unknown): GoldsetError {
  try {
    work();
  } catch (error) {
    if (error instanceof GoldsetError) return error;
    throw error;
  }
  throw new Error("expected a GoldsetError");
}

/** Has ann1 embed the first `n` items, so that they can serve as cross-checks for everyone else. */
function embedFirstAsAnn1(n: number): number[] {
  const ids = claim(people.ann1!, n).items.map((i) => i.id);
  post(people.ann1!, ids);
  return ids;
}

const embedded = () => embeddingCoverage({ db, projectId, modelId: MODEL }).embedded;
const failureAudits = () => db.select().from(auditLog).where(eq(auditLog.action, CROSS_CHECK_FAILED_ACTION)).all();

beforeEach(() => {
  ({ db, close } = openTestDatabase());
  for (const name of ["ann1", "ann2", "ann3", "lead"]) people[name] = createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" }).id;
  projectId = seed("sms", 12);
});
afterEach(() => close());

describe("a browser posts only for the items it holds", () => {
  it("refuses vectors for items the poster never claimed, naming them, and stores nothing of the post", () => {
    const ann1Batch = claim(people.ann1!, 3).items.map((i) => i.id);
    const error = caught(() => post(people.ann2!, ann1Batch));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.message).toContain(`You do not hold item(s) ${ann1Batch.join(", ")} for ${MODEL}`);
    expect(error.problems.map((p) => p.field)).toEqual(["vectors.0.itemId", "vectors.1.itemId", "vectors.2.itemId"]);

    // One unclaimed item spoils the poster's own batch too: all or nothing.
    const unclaimed = itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 }).at(-1)!.id;
    expect(() => post(people.ann1!, [...ann1Batch, unclaimed])).toThrow(`You do not hold item(s) ${unclaimed} for`);
    expect(embedded()).toBe(0);
  });

  it("stores the poster's own claimed batch and frees its claims", () => {
    const ids = claim(people.ann1!, 3).items.map((i) => i.id);
    expect(post(people.ann1!, ids)).toEqual({ stored: 3, alreadyPresent: 0, checked: 0 });
    expect(projectEmbeddings({ db, projectId, modelId: MODEL }).map((e) => e.itemId)).toEqual(ids);
    expect(embeddingCoverage({ db, projectId, modelId: MODEL })).toMatchObject({ embedded: 3, claimed: 0 });
  });

  it("accepts a batch whose claim lapsed while nobody else took its items", () => {
    const ids = claim(people.ann1!, 3).items.map((i) => i.id);
    const late = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 60_000);
    expect(post(people.ann1!, ids, { now: late })).toMatchObject({ stored: 3 });
  });

  it("refuses a lapsed batch once someone else has taken some of its items", () => {
    const ids = claim(people.ann1!, 3).items.map((i) => i.id);
    const afterExpiry = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 1);
    const taken = claim(people.ann2!, 2, afterExpiry).items.map((i) => i.id);
    expect(taken).toEqual(ids.slice(0, 2));
    expect(() => post(people.ann1!, ids, { now: afterExpiry })).toThrow(`You do not hold item(s) ${taken.join(", ")} for`);
    expect(embedded()).toBe(0);
    // The one item nobody took is still ann1's, and posting it alone is the whole of what ann1 holds.
    expect(post(people.ann1!, ids.slice(2), { now: afterExpiry })).toMatchObject({ stored: 1 });
  });

  it("lets `goldset score` (no user) store for any item, claimed or not", () => {
    const ann1Batch = claim(people.ann1!, 2).items.map((i) => i.id);
    expect(post(null, [...ann1Batch, 12])).toEqual({ stored: 3, alreadyPresent: 0, checked: 0 });
  });
});

describe("cross-checks", () => {
  it("puts none into a batch while no one else has embedded anything", () => {
    embedFirstAsAnn1(4);
    const next = claim(people.ann1!, 4).items.map((i) => i.id);
    expect(next).toEqual(itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 4 }).map((i) => i.id));
  });

  it("adds items someone else embedded to a new batch, in the same shape, and hands the same batch back while it is held", () => {
    const reference = embedFirstAsAnn1(5);
    const batch = claim(people.ann2!, 3);
    expect(batch.status).toBe("claimed");
    const ids = batch.items.map((i) => i.id);
    const checks = ids.filter((id) => reference.includes(id));
    expect(checks).toHaveLength(CROSS_CHECKS_PER_BATCH);
    expect(ids.filter((id) => !reference.includes(id))).toEqual([6, 7, 8]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const item of batch.items) expect(Object.keys(item).sort()).toEqual(["id", "text"]);
    // Checks are not work in progress.
    expect(embeddingCoverage({ db, projectId, modelId: MODEL, now: at(0) }).claimed).toBe(3);

    const again = claim(people.ann2!, 3, at(1));
    expect(again.status).toBe("held");
    expect(again.items).toEqual(batch.items);
  });

  it("passes a faithful post, re-quantised or not, and stores only the new items", () => {
    const reference = embedFirstAsAnn1(5);
    const ids = claim(people.ann2!, 3).items.map((i) => i.id);
    expect(post(people.ann2!, ids, { encoding: "float16" })).toEqual({ stored: 3, alreadyPresent: CROSS_CHECKS_PER_BATCH, checked: CROSS_CHECKS_PER_BATCH });
    const stored = projectEmbeddings({ db, projectId, modelId: MODEL });
    expect(stored).toHaveLength(8);
    // The checked items keep ann1's int8 rows; the new ones are ann2's float16 rows.
    expect(stored.filter((e) => e.encoding === "int8").map((e) => e.itemId)).toEqual(reference);
    expect(embeddingCoverage({ db, projectId, modelId: MODEL })).toMatchObject({ embedded: 8, claimed: 0 });
    expect(failureAudits()).toEqual([]);
  });

  it("refuses the whole post when a check vector is tampered with, audits it, and frees the batch's real items", () => {
    const reference = embedFirstAsAnn1(5);
    const ids = claim(people.ann2!, 3).items.map((i) => i.id);
    const [tampered, honest] = ids.filter((id) => reference.includes(id)) as [number, number];
    const error = caught(() => post(people.ann2!, ids, { make: (id) => (id === tampered ? vector(id).map((x) => -x) : vector(id)) }));
    expect(error.code).toBe("forbidden");
    expect(error.message).toMatch(/disagree with embeddings of the same items already stored .* none was stored/);
    // Nothing in the answer says which items were checks.
    expect(error.message).not.toMatch(/\bitems? \d/);
    expect(error.problems).toEqual([]);
    expect(embedded()).toBe(5);

    const [audit, ...more] = failureAudits();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ projectId, actorId: people.ann2, targetType: "encoder", targetId: MODEL });
    expect(audit!.details).toMatchObject({ modelId: MODEL, posted: 5, threshold: CROSS_CHECK_MIN_COSINE, failedItems: [tampered] });
    const checks = (audit!.details as { checks: { itemId: number; cosine: number; referenceBy: string }[] }).checks;
    expect(checks.map((c) => c.itemId).sort()).toEqual([tampered, honest].sort());
    expect(checks.find((c) => c.itemId === tampered)!.cosine).toBeCloseTo(-1, 3);
    expect(checks.find((c) => c.itemId === honest)!.cosine).toBeGreaterThan(0.999);
    expect(checks.every((c) => c.referenceBy === people.ann1)).toBe(true);

    // The real items are free for someone else at once; ann2 keeps only the checks until they lapse.
    expect(claim(people.ann3!, 3, at(1)).items.map((i) => i.id).filter((id) => !reference.includes(id))).toEqual([6, 7, 8]);
    const held = claim(people.ann2!, 3, at(1));
    expect(held.status).toBe("held");
    expect(held.items.map((i) => i.id)).toEqual([tampered, honest].sort((a, b) => a - b));

    // Re-posting the same made-up checks is refused every time, but audited once per claim period.
    const again = (minutes: number) =>
      post(people.ann2!, [tampered, honest], { now: at(minutes), make: (id) => (id === tampered ? vector(id).map((x) => -x) : vector(id)) });
    expect(caught(() => again(1)).code).toBe("forbidden");
    expect(caught(() => again(1)).code).toBe("forbidden");
    expect(failureAudits()).toHaveLength(1);
    expect(caught(() => again(3)).code).toBe("forbidden");
    expect(failureAudits()).toHaveLength(2);
  });

  it("checks what a browser posts for an item `goldset score` embedded while the browser held it", () => {
    const ids = claim(people.ann1!, 3).items.map((i) => i.id);
    post(null, [ids[1]!]);
    expect(() => post(people.ann1!, ids, { make: (id) => (id === ids[1] ? vector(id).map((x) => -x) : vector(id)) })).toThrow(GoldsetError);
    expect(failureAudits()).toHaveLength(1);
    expect(failureAudits()[0]!.details).toMatchObject({ checks: [{ itemId: ids[1], referenceBy: null }] });
    // The honest post passes against the CLI's vector; the CLI's stays.
    expect(claim(people.ann1!, 3, at(1)).items.map((i) => i.id)).toEqual([ids[1]]);
    expect(post(people.ann1!, [ids[1]!], { now: at(1), encoding: "float16" })).toEqual({ stored: 0, alreadyPresent: 1, checked: 1 });
  });

  it("keeps a batch within the cap of items, checks included", () => {
    const big = seed("big", MAX_EMBEDDING_CLAIM_ITEMS * 3);
    const first = claim(people.ann1!, MAX_EMBEDDING_CLAIM_ITEMS, at(0), big).items.map((i) => i.id);
    post(people.ann1!, first, { project: big });
    const batch = claim(people.ann2!, 1_000, at(0), big).items.map((i) => i.id);
    expect(batch).toHaveLength(MAX_EMBEDDING_CLAIM_ITEMS);
    expect(batch.filter((id) => first.includes(id))).toHaveLength(CROSS_CHECKS_PER_BATCH);
  });

  it("never blocks anyone's work: a check held by one user is just not a check for another", () => {
    const reference = embedFirstAsAnn1(2);
    const ann2 = claim(people.ann2!, 3).items.map((i) => i.id);
    expect(ann2).toEqual([...reference, 3, 4, 5]);
    const ann3 = claim(people.ann3!, 3).items.map((i) => i.id);
    expect(ann3).toEqual([6, 7, 8]);
    // Once ann2 has posted, every embedded item can serve as a check again (ann2's included).
    post(people.ann2!, ann2);
    const lead = claim(people.lead!, 2).items.map((i) => i.id);
    expect(lead.filter((id) => id > 8)).toEqual([9, 10]);
    expect(lead.filter((id) => id <= 5)).toHaveLength(CROSS_CHECKS_PER_BATCH);
  });
});
