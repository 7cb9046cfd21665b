import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { randomUUID } from "node:crypto";
import { submitAnnotation } from "./annotations";
import { claimEmbeddingBatch, CROSS_CHECKS_PER_BATCH, EMBEDDING_CLAIM_MS, MAX_EMBEDDING_CLAIM_ITEMS, type ClaimedItem } from "./embedding-claims";
import { embeddingCoverage, itemsLackingEmbedding, projectEmbeddings, storeEmbeddings, type EmbeddingEncoding } from "./embeddings";
import { bytesToBase64 } from "@/lib/active-learning/base64";
import { decodeEmbeddings, encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { deriveClaimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";
import { decodePostedVectors } from "@/lib/active-learning/server/embedding-payload";
import { GoldsetError } from "@/lib/errors";

const MODEL = "goldset-test/minilm-l6-random";
const DIM = 8;
const REF_KEY = deriveClaimRefKey("embedding tests: a server secret");

let db: Db;
let close: () => void;
let projectId: string;
let otherProjectId: string;
const people: Record<string, string> = {};

async function seed(slug: string, texts: string[]): Promise<string> {
  const id = (await createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead }))
    .id;
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

function vector(seedValue: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, j) => Math.sin(seedValue * 7 + j));
}

/** A browser's rows for claimed items: each item's vector under its ref. */
function claimedRows(batch: readonly ClaimedItem[], encoding: EmbeddingEncoding = "int8") {
  return batch.map((item) => ({ ref: item.ref, bytes: encodeEmbeddings(vector(item.id), DIM, encoding) }));
}

/** The batch's items in item order (a batch comes shuffled). */
const byId = (items: readonly ClaimedItem[]) => [...items].sort((a, b) => a.id - b.id);
const textsOf = (items: readonly ClaimedItem[]) => byId(items).map((item) => item.text);
const idsOf = (items: readonly ClaimedItem[]) => byId(items).map((item) => item.id);

async function claimFor({
  userId,
  count,
  now,
  project = projectId,
  modelId = MODEL,
}: {
  userId: string;
  count: number;
  now?: Date;
  project?: string;
  modelId?: string;
}) {
  return await claimEmbeddingBatch({ db, projectId: project, modelId, userId, refKey: REF_KEY, count, now });
}

async function postFor({ userId, batch, now, encoding = "int8" }: { userId: string; batch: readonly ClaimedItem[]; now?: Date; encoding?: EmbeddingEncoding }) {
  return await storeEmbeddings({ db, projectId, modelId: MODEL, userId, refKey: REF_KEY, encoding, dim: DIM, rows: claimedRows(batch, encoding), now });
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["ann1", "ann2", "lead"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  projectId = await seed(
    "sms",
    Array.from({ length: 10 }, (_, i) => `text ${i + 1}`),
  );
  otherProjectId = await seed("other", ["elsewhere"]);
});
afterEach(() => close());

describe("claimEmbeddingBatch", () => {
  it("gives two users disjoint batches and gives a user their own batch back", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const first = await claimFor({ userId: people.ann1!, count: 4, now });
    const second = await claimFor({ userId: people.ann2!, count: 4, now });
    expect(textsOf(first.items)).toEqual(["text 1", "text 2", "text 3", "text 4"]);
    expect(textsOf(second.items)).toEqual(["text 5", "text 6", "text 7", "text 8"]);
    const again = await claimFor({ userId: people.ann1!, count: 4, now });
    expect(byId(again.items)).toEqual(byId(first.items));
    expect(await embeddingCoverage({ db, projectId, modelId: MODEL, now })).toEqual({ items: 10, embedded: 0, claimed: 8 });
  });

  it("frees a claim when it expires, and claims per model", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const first = await claimFor({ userId: people.ann1!, count: 10, now });
    if (first.status === "not-needed") throw new Error(first.reason);
    expect(first.expiresAt.getTime()).toBe(now.getTime() + EMBEDDING_CLAIM_MS);
    expect((await claimFor({ userId: people.ann2!, count: 10, now })).items).toEqual([]);
    expect((await claimFor({ userId: people.ann2!, count: 3, now, modelId: "other/model" })).items).toHaveLength(3);
    const later = new Date(first.expiresAt.getTime() + 1);
    const taken = await claimFor({ userId: people.ann2!, count: 3, now: later });
    expect(textsOf(taken.items)).toEqual(["text 1", "text 2", "text 3"]);
    // ann1's remaining claims expired too, but the three just taken are ann2's now.
    expect(textsOf((await claimFor({ userId: people.ann1!, count: 2, now: later })).items)).toEqual(["text 4", "text 5"]);
  });

  it("never hands out an item that already has an embedding as work, only as a cross-check", async () => {
    const batch = (await claimFor({ userId: people.ann1!, count: 3 })).items;
    await postFor({ userId: people.ann1!, batch });
    const ids = idsOf(batch);
    const next = await claimFor({ userId: people.ann2!, count: 20 });
    const lacking = (await itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 })).map((i) => i.id);
    expect(lacking).toHaveLength(7);
    expect(next.items.filter((i) => lacking.includes(i.id))).toHaveLength(7);
    const checks = next.items.filter((i) => ids.includes(i.id));
    expect(checks).toHaveLength(CROSS_CHECKS_PER_BATCH);
    expect(next.items).toHaveLength(7 + CROSS_CHECKS_PER_BATCH);
    // Checks are not work in progress.
    expect((await embeddingCoverage({ db, projectId, modelId: MODEL })).claimed).toBe(7);
  });
});

describe("claim limits: the claim route is no way to download the project's texts", () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes));
  const claim = async (userId: string, count: number, now: Date) => await claimFor({ userId, count, now });
  const post = async (userId: string, batch: readonly ClaimedItem[], now: Date) => await postFor({ userId, batch, now });

  it(`hands out at most ${MAX_EMBEDDING_CLAIM_ITEMS} items per claim, however many are asked for`, async () => {
    const big = await seed(
      "big",
      Array.from({ length: MAX_EMBEDDING_CLAIM_ITEMS + 8 }, (_, i) => `big ${i + 1}`),
    );
    const batch = await claimFor({ userId: people.ann1!, count: 1_000, project: big });
    expect(batch.status).toBe("claimed");
    expect(batch.items).toHaveLength(MAX_EMBEDDING_CLAIM_ITEMS);
    expect((await embeddingCoverage({ db, projectId: big, modelId: MODEL })).claimed).toBe(MAX_EMBEDDING_CLAIM_ITEMS);
  });

  it("gives a user who holds a batch that batch again, with nothing new and no later expiry, until it is posted", async () => {
    const first = await claim(people.ann1!, 4, at(0));
    expect(first).toMatchObject({ status: "claimed", expiresAt: new Date(at(0).getTime() + EMBEDDING_CLAIM_MS) });
    const batch = byId(first.items);

    const again = await claim(people.ann1!, 8, at(1));
    expect(again).toMatchObject({ status: "held", expiresAt: new Date(at(0).getTime() + EMBEDDING_CLAIM_MS) });
    expect(byId(again.items)).toEqual(batch);
    expect((await embeddingCoverage({ db, projectId, modelId: MODEL, now: at(1) })).claimed).toBe(4);

    // Half posted: refused (a batch is posted whole), and the whole batch is still the user's.
    const leftOut = batch.slice(2).map((item) => item.ref);
    await expect(post(people.ann1!, batch.slice(0, 2), at(1))).rejects.toThrow(
      `leaves out 2 of the 4 items of your embedding batch (refs ${leftOut.join(", ")})`,
    );
    const rest = await claim(people.ann1!, 2, at(1));
    expect(rest.status).toBe("held");
    expect(byId(rest.items)).toEqual(batch);

    await post(people.ann1!, batch, at(1));
    const next = await claim(people.ann1!, 4, at(1));
    expect(next.status).toBe("claimed");
    expect(textsOf(next.items)).toEqual(["text 5", "text 6", "text 7", "text 8"]);
  });

  it("gives a new batch once the held one expires, and never holds back other users", async () => {
    const first = await claim(people.ann1!, 3, at(0));
    expect(textsOf((await claim(people.ann2!, 3, at(0))).items)).toEqual(["text 4", "text 5", "text 6"]);
    const afterExpiry = new Date(at(0).getTime() + EMBEDDING_CLAIM_MS + 1);
    const renewed = await claim(people.ann1!, 3, afterExpiry);
    expect(renewed).toMatchObject({ status: "claimed", expiresAt: new Date(afterExpiry.getTime() + EMBEDDING_CLAIM_MS) });
    // ann2's batch expired at the same time, so the oldest items come first again.
    expect(idsOf(renewed.items)).toEqual(idsOf(first.items));
    // A new claim of the same items: new refs, so nothing links it to the one before.
    const before = new Set(first.items.map((i) => i.ref));
    expect(renewed.items.filter((i) => before.has(i.ref))).toEqual([]);
  });

  it("hands out nothing once every item has all its annotations: there is no queue left to rank", async () => {
    const ids = (await itemsLackingEmbedding({ db, projectId, modelId: MODEL, limit: 100 })).map((item) => item.id);
    for (const itemId of ids.slice(0, 9)) {
      await submitAnnotation({
        db,
        projectId,
        annotatorId: people.ann1!,
        input: { id: randomUUID(), itemId, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
    expect((await claim(people.ann2!, 4, at(0))).items).toHaveLength(4);
    await submitAnnotation({
      db,
      projectId,
      annotatorId: people.ann1!,
      input: { id: randomUUID(), itemId: ids[9]!, labels: ["spam"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
    const done = await claim(people.ann1!, 4, at(0));
    expect(done).toMatchObject({ status: "not-needed", items: [] });
    expect(done.status === "not-needed" && done.reason).toMatch(/no queue left to rank/);
  });
});

describe("storeEmbeddings", () => {
  it("stores int8 and float16 rows that decode to the posted vectors, frees their claims and keeps a first embedding", async () => {
    const first = (await claimFor({ userId: people.ann1!, count: 1 })).items;
    const [a] = idsOf(first) as [number];
    expect(await postFor({ userId: people.ann1!, batch: first })).toEqual({ stored: 1, alreadyPresent: 0, checked: 0 });
    // ann2's batch: the next item, and ann1's item as a cross-check (the only one embedded by someone else).
    const batch = (await claimFor({ userId: people.ann2!, count: 1 })).items;
    const b = idsOf(batch).find((id) => id !== a)!;
    expect(idsOf(batch)).toEqual([a, b]);
    expect(await postFor({ userId: people.ann2!, batch, encoding: "float16" })).toEqual({ stored: 1, alreadyPresent: 1, checked: 1 });
    // A retried post of one's own batch changes nothing: its refs were spent by the first post.
    await expect(postFor({ userId: people.ann1!, batch: first })).rejects.toThrow(/not in your embedding batch/);

    const stored = await projectEmbeddings({ db, projectId, modelId: MODEL });
    expect(stored.map((row) => [row.itemId, row.encoding, row.dim])).toEqual([
      [a, "int8", DIM],
      [b, "float16", DIM],
    ]);
    for (const row of stored) {
      const decoded = decodeEmbeddings(row.vector, row.dim, row.encoding);
      vector(row.itemId).forEach((value, j) => expect(decoded[j]).toBeCloseTo(value, 2));
    }
    expect(await embeddingCoverage({ db, projectId, modelId: MODEL })).toEqual({ items: 10, embedded: 2, claimed: 0 });
  });

  it("refuses items of another project, a repeated item and a dimension that differs from what is stored", async () => {
    const foreign = (await claimFor({ userId: people.ann1!, count: 1, project: otherProjectId })).items;
    const own = (await claimFor({ userId: people.ann1!, count: 2 })).items;
    const attempt =
      (rows: ReturnType<typeof claimedRows>, dim = DIM) =>
      async () =>
        await storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann1!, refKey: REF_KEY, encoding: "int8", dim, rows });
    // A ref the same user holds in another project names nothing in this one.
    await expect(attempt(claimedRows([own[0]!, own[1]!, foreign[0]!]))()).rejects.toThrow(/not in your embedding batch for .* \(vectors\.2\.ref\)/);
    const repeated = await (async () => {
      try {
        await attempt(claimedRows([own[0]!, own[1]!, own[0]!]))();
      } catch (error) {
        return error as GoldsetError;
      }
      throw new Error("expected a refusal");
    })();
    expect(repeated.message).toMatch(/more than once/);
    expect(repeated.problems.map((p) => p.field)).toEqual(["vectors.2.ref"]);
    // `goldset score` names items by id: one of another project is refused.
    const score = async (itemIds: number[]) =>
      await storeEmbeddings({
        db,
        projectId,
        modelId: MODEL,
        userId: null,
        encoding: "int8",
        dim: DIM,
        rows: itemIds.map((itemId) => ({ itemId, bytes: encodeEmbeddings(vector(itemId), DIM, "int8") })),
      });
    await expect(score([foreign[0]!.id])).rejects.toThrow(/not in this project/);
    await expect(score([own[0]!.id, own[0]!.id])).rejects.toThrow(/more than once/);
    expect((await embeddingCoverage({ db, projectId, modelId: MODEL })).embedded).toBe(0);

    await attempt(claimedRows(own))();
    const next = (await claimFor({ userId: people.ann1!, count: 2 })).items;
    const wider = next.map((item) => ({ ref: item.ref, bytes: encodeEmbeddings(new Float32Array(DIM * 2).fill(0.1), DIM * 2, "int8") }));
    await expect(attempt(wider, DIM * 2)()).rejects.toThrow(/have 8 dimensions, the posted ones 16/);
  });
});

describe("decodePostedVectors", () => {
  it("accepts well-formed rows under their refs and names every malformed one by field", () => {
    const good = bytesToBase64(encodeEmbeddings(vector(1), DIM, "int8"));
    const [row] = decodePostedVectors({ encoding: "int8", dim: DIM, vectors: [{ ref: "r1", data: good }] });
    expect(row!.ref).toBe("r1");
    expect(row!.bytes).toHaveLength(DIM + 4);

    const nanRow = new Uint8Array(2 * DIM);
    new DataView(nanRow.buffer).setUint16(0, 0x7e00, true);
    const error = (() => {
      try {
        decodePostedVectors({
          encoding: "float16",
          dim: DIM,
          vectors: [
            { ref: "r1", data: bytesToBase64(new Uint8Array(2 * DIM)) },
            { ref: "r2", data: good },
            { ref: "r3", data: bytesToBase64(nanRow) },
            { ref: "r4", data: "***" },
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
    expect(problems[0]!.message).toMatch(/^vectors\.1\.data: 12 bytes, but one float16 row of dimension 8 takes 16/);
    expect(problems[1]!.message).toMatch(/^vectors\.2\.data: holds a NaN/);
    expect(problems[2]!.message).toMatch(/^vectors\.3\.data: not base64/);
  });
});
