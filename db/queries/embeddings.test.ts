import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { randomUUID } from "node:crypto";
import { submitAnnotation } from "./annotations";
import { claimEmbeddingBatch, CROSS_CHECKS_PER_BATCH, EMBEDDING_CLAIM_MS, MAX_EMBEDDING_CLAIM_ITEMS } from "./embedding-claims";
import { embeddingCoverage, itemsLackingEmbedding, projectEmbeddings, storeEmbeddings } from "./embeddings";
import { bytesToBase64 } from "@/lib/active-learning/base64";
import { decodeEmbeddings, encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { decodePostedVectors } from "@/lib/active-learning-service/embedding-payload";
import { GoldsetError } from "@/lib/errors";

const MODEL = "goldset-test/minilm-l6-random";
const DIM = 8;

let db: Db;
let close: () => void;
let projectId: string;
let otherProjectId: string;
const people: Record<string, string> = {};

function seed(slug: string, texts: string[]): string {
  const id = createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead }).id;
  importItems({
    db,
    projectId: id,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: people.lead!,
    records: texts.map((t) => ({ externalId: t, text: t, metadata: {}, contentHash: `h-${t}` })),
  });
  return id;
}

function vector(seedValue: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, j) => Math.sin(seedValue * 7 + j));
}

function int8Rows(itemIds: number[]) {
  return itemIds.map((itemId) => ({ itemId, bytes: encodeEmbeddings(vector(itemId), DIM, "int8") }));
}

beforeEach(() => {
  ({ db, close } = openTestDatabase());
  for (const name of ["ann1", "ann2", "lead"]) people[name] = createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" }).id;
  projectId = seed("sms", Array.from({ length: 10 }, (_, i) => `text ${i + 1}`));
  otherProjectId = seed("other", ["elsewhere"]);
});
afterEach(() => close());

describe("claimEmbeddingBatch", () => {
  it("gives two users disjoint batches and gives a user their own batch back", () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const first = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 4, now });
    const second = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, count: 4, now });
    expect(first.items.map((i) => i.text)).toEqual(["text 1", "text 2", "text 3", "text 4"]);
    expect(second.items.map((i) => i.text)).toEqual(["text 5", "text 6", "text 7", "text 8"]);
    const again = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 4, now });
    expect(again.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(embeddingCoverage({ db, projectId, modelId: MODEL, now })).toEqual({ items: 10, embedded: 0, claimed: 8 });
  });

  it("frees a claim when it expires, and claims per model", () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const first = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 10, now });
    if (first.status === "not-needed") throw new Error(first.reason);
    expect(first.expiresAt.getTime()).toBe(now.getTime() + EMBEDDING_CLAIM_MS);
    expect(claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, count: 10, now }).items).toEqual([]);
    expect(claimEmbeddingBatch({ db, projectId, modelId: "other/model", userId: people.ann2!, count: 3, now }).items).toHaveLength(3);
    const later = new Date(first.expiresAt.getTime() + 1);
    const taken = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, count: 3, now: later });
    expect(taken.items.map((i) => i.text)).toEqual(["text 1", "text 2", "text 3"]);
    // ann1's remaining claims expired too, but the three just taken are ann2's now.
    expect(claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 2, now: later }).items.map((i) => i.text)).toEqual(["text 4", "text 5"]);
  });

  it("never hands out an item that already has an embedding as work, only as a cross-check", () => {
    const ids = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 3 }).items.map((i) => i.id);
    storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann1!, encoding: "int8", dim: DIM, rows: int8Rows(ids) });
    const next = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, count: 20 });
    const lacking = itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 }).map((i) => i.id);
    expect(lacking).toHaveLength(7);
    expect(next.items.filter((i) => lacking.includes(i.id))).toHaveLength(7);
    const checks = next.items.filter((i) => ids.includes(i.id));
    expect(checks).toHaveLength(CROSS_CHECKS_PER_BATCH);
    expect(next.items).toHaveLength(7 + CROSS_CHECKS_PER_BATCH);
    // Checks are not work in progress.
    expect(embeddingCoverage({ db, projectId, modelId: MODEL }).claimed).toBe(7);
  });
});

describe("claim limits: the claim route is no way to download the project's texts", () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes));
  const claim = (userId: string, count: number, now: Date) => claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId, count, now });
  const post = (userId: string, itemIds: number[], now: Date) => storeEmbeddings({ db, projectId, modelId: MODEL, userId, encoding: "int8", dim: DIM, rows: int8Rows(itemIds), now });

  it(`hands out at most ${MAX_EMBEDDING_CLAIM_ITEMS} items per claim, however many are asked for`, () => {
    const big = seed("big", Array.from({ length: MAX_EMBEDDING_CLAIM_ITEMS + 8 }, (_, i) => `big ${i + 1}`));
    const batch = claimEmbeddingBatch({ db, projectId: big, modelId: MODEL, userId: people.ann1!, count: 1_000 });
    expect(batch.status).toBe("claimed");
    expect(batch.items).toHaveLength(MAX_EMBEDDING_CLAIM_ITEMS);
    expect(embeddingCoverage({ db, projectId: big, modelId: MODEL }).claimed).toBe(MAX_EMBEDDING_CLAIM_ITEMS);
  });

  it("gives a user who holds a batch that batch again, with nothing new and no later expiry, until it is posted", () => {
    const first = claim(people.ann1!, 4, at(0));
    expect(first).toMatchObject({ status: "claimed", expiresAt: new Date(at(0).getTime() + EMBEDDING_CLAIM_MS) });
    const ids = first.items.map((i) => i.id);

    const again = claim(people.ann1!, 8, at(1));
    expect(again).toMatchObject({ status: "held", expiresAt: new Date(at(0).getTime() + EMBEDDING_CLAIM_MS) });
    expect(again.items.map((i) => i.id)).toEqual(ids);
    expect(embeddingCoverage({ db, projectId, modelId: MODEL, now: at(1) }).claimed).toBe(4);

    // Half posted: refused (a batch is posted whole), and the whole batch is still the user's.
    expect(() => post(people.ann1!, ids.slice(0, 2), at(1))).toThrow(`leaves out item(s) ${ids.slice(2).join(", ")} of your embedding batch`);
    const rest = claim(people.ann1!, 2, at(1));
    expect(rest.status).toBe("held");
    expect(rest.items.map((i) => i.id)).toEqual(ids);

    post(people.ann1!, ids, at(1));
    const next = claim(people.ann1!, 4, at(1));
    expect(next.status).toBe("claimed");
    expect(next.items.map((i) => i.text)).toEqual(["text 5", "text 6", "text 7", "text 8"]);
  });

  it("gives a new batch once the held one expires, and never holds back other users", () => {
    const first = claim(people.ann1!, 3, at(0));
    expect(claim(people.ann2!, 3, at(0)).items.map((i) => i.text)).toEqual(["text 4", "text 5", "text 6"]);
    const afterExpiry = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 1);
    const renewed = claim(people.ann1!, 3, afterExpiry);
    expect(renewed).toMatchObject({ status: "claimed", expiresAt: new Date(afterExpiry.getTime() + EMBEDDING_CLAIM_MS) });
    // ann2's batch expired at the same time, so the oldest items come first again.
    expect(renewed.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
  });

  it("hands out nothing once every item has all its annotations: there is no queue left to rank", () => {
    const ids = itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 }).map((item) => item.id);
    for (const itemId of ids.slice(0, 9)) {
      submitAnnotation({ db, projectId, annotatorId: people.ann1!, input: { id: randomUUID(), itemId, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false } });
    }
    expect(claim(people.ann2!, 4, at(0)).items).toHaveLength(4);
    submitAnnotation({ db, projectId, annotatorId: people.ann1!, input: { id: randomUUID(), itemId: ids[9]!, labels: ["spam"], notSure: false, suggestionShown: false, rejectedSuggestion: false } });
    const done = claim(people.ann1!, 4, at(0));
    expect(done).toMatchObject({ status: "not-needed", items: [] });
    expect(done.status === "not-needed" && done.reason).toMatch(/no queue left to rank/);
  });
});

describe("storeEmbeddings", () => {
  it("stores int8 and float16 rows that decode to the posted vectors, frees their claims and keeps a first embedding", () => {
    const [a] = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 1 }).items.map((i) => i.id) as [number];
    expect(storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann1!, encoding: "int8", dim: DIM, rows: int8Rows([a]) })).toEqual({ stored: 1, alreadyPresent: 0, checked: 0 });
    // ann2's batch: the next item, and ann1's item as a cross-check (the only one embedded by someone else).
    const batch = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, count: 1 }).items.map((i) => i.id);
    const b = batch.find((id) => id !== a)!;
    expect(batch).toEqual([a, b]);
    const halves = batch.map((itemId) => ({ itemId, bytes: encodeEmbeddings(vector(itemId), DIM, "float16") }));
    expect(storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann2!, encoding: "float16", dim: DIM, rows: halves })).toEqual({ stored: 1, alreadyPresent: 1, checked: 1 });
    // A retried post of one's own batch changes nothing.
    expect(storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann1!, encoding: "int8", dim: DIM, rows: int8Rows([a]) })).toEqual({ stored: 0, alreadyPresent: 1, checked: 0 });

    const stored = projectEmbeddings({ db, projectId, modelId: MODEL });
    expect(stored.map((row) => [row.itemId, row.encoding, row.dim])).toEqual([
      [a, "int8", DIM],
      [b, "float16", DIM],
    ]);
    for (const row of stored) {
      const decoded = decodeEmbeddings(row.vector, row.dim, row.encoding);
      vector(row.itemId).forEach((value, j) => expect(decoded[j]).toBeCloseTo(value, 2));
    }
    expect(embeddingCoverage({ db, projectId, modelId: MODEL })).toEqual({ items: 10, embedded: 2, claimed: 0 });
  });

  it("refuses items of another project, a repeated item and a dimension that differs from what is stored", () => {
    const foreign = claimEmbeddingBatch({ db, projectId: otherProjectId, modelId: MODEL, userId: people.ann1!, count: 1 }).items[0]!.id;
    const own = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 2 }).items.map((i) => i.id);
    const attempt = (rows: ReturnType<typeof int8Rows>, dim = DIM) => () =>
      storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann1!, encoding: "int8", dim, rows });
    expect(attempt(int8Rows([own[0]!, foreign]))).toThrow(/not in this project/);
    expect(attempt(int8Rows([own[0]!, own[0]!]))).toThrow(/more than once/);
    expect(embeddingCoverage({ db, projectId, modelId: MODEL }).embedded).toBe(0);

    attempt(int8Rows(own))();
    const next = claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, count: 2 }).items.map((i) => i.id);
    const wider = next.map((itemId) => ({ itemId, bytes: encodeEmbeddings(new Float32Array(DIM * 2).fill(0.1), DIM * 2, "int8") }));
    expect(attempt(wider, DIM * 2)).toThrow(/have 8 dimensions, the posted ones 16/);
  });
});

describe("decodePostedVectors", () => {
  it("accepts well-formed rows and names every malformed one by field and item", () => {
    const good = bytesToBase64(encodeEmbeddings(vector(1), DIM, "int8"));
    expect(decodePostedVectors({ encoding: "int8", dim: DIM, vectors: [{ itemId: 1, data: good }] })[0]!.bytes).toHaveLength(DIM + 4);

    const nanRow = new Uint8Array(2 * DIM);
    new DataView(nanRow.buffer).setUint16(0, 0x7e00, true);
    const error = (() => {
      try {
        decodePostedVectors({
          encoding: "float16",
          dim: DIM,
          vectors: [
            { itemId: 1, data: bytesToBase64(new Uint8Array(2 * DIM)) },
            { itemId: 2, data: good },
            { itemId: 3, data: bytesToBase64(nanRow) },
            { itemId: 4, data: "***" },
          ],
        });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(GoldsetError);
    const problems = (error as GoldsetError).problems;
    expect(problems.map((p) => p.field)).toEqual(["vectors.1.data", "vectors.2.data", "vectors.3.data"]);
    expect(problems[0]!.message).toMatch(/item 2\): 12 bytes, but one float16 row of dimension 8 takes 16/);
    expect(problems[1]!.message).toMatch(/item 3\): holds a NaN/);
    expect(problems[2]!.message).toMatch(/item 4\): not base64/);
  });
});
