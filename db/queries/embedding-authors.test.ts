import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { auditLog } from "../schema";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { claimEmbeddingBatch, EMBEDDING_CLAIM_MS } from "./embedding-claims";
import { projectEmbeddings, storeEmbeddings } from "./embeddings";
import { crossCheckFailures, discardEmbeddingsBy, embeddingsByAuthor, EMBEDDINGS_DISCARD_ACTION } from "./embedding-authors";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { deriveClaimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";

const MODEL = "goldset-test/minilm-l6-random";
const OTHER_MODEL = "other/encoder";
const DIM = 8;
const REF_KEY = deriveClaimRefKey("embedding author tests: a server secret");

let db: Db;
let close: () => void;
let projectId: string;
let otherProjectId: string;
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

const vector = (itemId: number, sign = 1) => Float32Array.from({ length: DIM }, (_, j) => sign * Math.sin(itemId * 7 + j));

/** `userId` claims `count` items of the project for the model and posts faithful vectors for the whole batch; returns the new items. */
async function embedBatch(userId: string | null, count: number, { project = projectId, modelId = MODEL } = {}): Promise<number[]> {
  if (userId === null) {
    const ids = Array.from({ length: count }, (_, i) => i + 1);
    await storeEmbeddings({
      db,
      projectId: project,
      modelId,
      userId,
      encoding: "int8",
      dim: DIM,
      rows: ids.map((itemId) => ({ itemId, bytes: encodeEmbeddings(vector(itemId), DIM, "int8") })),
    });
    return ids;
  }
  const before = new Set((await projectEmbeddings({ db, projectId: project, modelId })).map((e) => e.itemId));
  const batch = (await claimEmbeddingBatch({ db, projectId: project, modelId, userId, refKey: REF_KEY, count })).items;
  await storeEmbeddings({
    db,
    projectId: project,
    modelId,
    userId,
    refKey: REF_KEY,
    encoding: "int8",
    dim: DIM,
    rows: batch.map((item) => ({ ref: item.ref, bytes: encodeEmbeddings(vector(item.id), DIM, "int8") })),
  });
  return batch
    .map((item) => item.id)
    .filter((id) => !before.has(id))
    .sort((a, b) => a - b);
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["ann1", "ann2", "lead"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  projectId = await seed("sms", 20);
  otherProjectId = await seed("other", 5);
});
afterEach(() => close());

describe("embeddingsByAuthor", () => {
  it("counts the project's embeddings for the model per author, `goldset score` as a null author", async () => {
    await embedBatch(null, 2);
    await embedBatch(people.ann1!, 5);
    await embedBatch(people.ann2!, 3);
    await embedBatch(people.ann2!, 4, { modelId: OTHER_MODEL });
    expect(await embeddingsByAuthor({ db, projectId, modelId: MODEL })).toEqual([
      { userId: people.ann1, name: "ann1", embeddings: 5 },
      { userId: people.ann2, name: "ann2", embeddings: 3 },
      { userId: null, name: null, embeddings: 2 },
    ]);
  });
});

describe("crossCheckFailures", () => {
  it("reports refused posts per user from the audit log, with the lowest cosine and whose vectors disagreed", async () => {
    const reference = await embedBatch(people.ann1!, 4);
    const batch = (await claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann2!, refKey: REF_KEY, count: 3 })).items;
    const rowsOf = (items: typeof batch) =>
      items.map((item) => ({ ref: item.ref, bytes: encodeEmbeddings(vector(item.id, reference.includes(item.id) ? -1 : 1), DIM, "int8") }));
    const postAsAnn2 = async (items: typeof batch, now?: Date) =>
      await storeEmbeddings({ db, projectId, modelId: MODEL, userId: people.ann2!, refKey: REF_KEY, encoding: "int8", dim: DIM, rows: rowsOf(items), now });
    await expect(postAsAnn2(batch)).rejects.toThrow(/disagree/);
    // The same refusal again is audited only once a claim period has passed.
    const later = new Date(Date.now() + EMBEDDING_CLAIM_MS + 1_000);
    await expect(
      postAsAnn2(
        batch.filter((item) => reference.includes(item.id)),
        later,
      ),
    ).rejects.toThrow(/disagree/);

    const [report, ...others] = await crossCheckFailures({ db, projectId, modelId: MODEL });
    expect(others).toEqual([]);
    expect(report).toMatchObject({ userId: people.ann2, name: "ann2", failures: 2, against: [{ userId: people.ann1, name: "ann1" }] });
    expect(report!.lowestCosine).toBeCloseTo(-1, 3);
    expect(report!.lastAt).toBeInstanceOf(Date);
    expect(await crossCheckFailures({ db, projectId, modelId: OTHER_MODEL })).toEqual([]);
    expect(await crossCheckFailures({ db, projectId: otherProjectId, modelId: MODEL })).toEqual([]);
  });
});

describe("discardEmbeddingsBy", () => {
  it("removes exactly that user's embeddings for that model in that project, audits it, and makes the items claimable again", async () => {
    const ann1Items = await embedBatch(people.ann1!, 4);
    const ann2Items = await embedBatch(people.ann2!, 3);
    await embedBatch(people.ann2!, 3, { modelId: OTHER_MODEL });
    await embedBatch(people.ann2!, 2, { project: otherProjectId });

    expect(await discardEmbeddingsBy({ db, projectId, modelId: MODEL, authorId: people.ann2!, actorId: people.lead! })).toEqual({ discarded: 3 });
    expect((await projectEmbeddings({ db, projectId, modelId: MODEL })).map((e) => e.itemId)).toEqual(ann1Items);
    expect(await projectEmbeddings({ db, projectId, modelId: OTHER_MODEL })).toHaveLength(3);
    expect(await projectEmbeddings({ db, projectId: otherProjectId, modelId: MODEL })).toHaveLength(2);

    const audits = await db.select().from(auditLog).where(eq(auditLog.action, EMBEDDINGS_DISCARD_ACTION));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ projectId, actorId: people.lead, targetType: "user", targetId: people.ann2, details: { modelId: MODEL, discarded: 3 } });

    const next = (await claimEmbeddingBatch({ db, projectId, modelId: MODEL, userId: people.ann1!, refKey: REF_KEY, count: 3 })).items.map((i) => i.id);
    expect(next.filter((id) => !ann1Items.includes(id)).sort((a, b) => a - b)).toEqual(ann2Items);

    // Nothing left to discard: no change, and no audit entry for it.
    expect(await discardEmbeddingsBy({ db, projectId, modelId: MODEL, authorId: people.ann2!, actorId: people.lead! })).toEqual({ discarded: 0 });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, EMBEDDINGS_DISCARD_ACTION))).toHaveLength(1);
  });
});
