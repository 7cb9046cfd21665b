import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Worker } from "node:worker_threads";
import { and, eq } from "drizzle-orm";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { listClassifierVersions } from "@/db/queries/classifier-versions";
import { storeEmbeddings } from "@/db/queries/embeddings";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { rankedQueueHead } from "@/db/queries/ranking";
import { seedProject, submitLabel } from "@/db/test-seed";
import { embeddings } from "@/db/schema";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { computeRetrain } from "./compute-retrain";
import { eventLoopSlices } from "./event-loop-slices";
import { embeddingFeatures } from "./project-features";
import { retrainProject } from "./retrain-project";
import { resultOf, runToEnd } from "@/lib/jobs/job-test-support";
import { requestRetrain } from "./retrain-scheduler";
import { computeRetrainInThread } from "./retrain-thread";

const ENCODER = "goldset-test/minilm-l6-random";
const SPAM = ["WIN a FREE prize now, call 0800", "Claim your free cash reward today", "URGENT you won a free holiday, txt WIN"];
const HAM = ["See you at lunch tomorrow", "Can you pick up milk on the way home", "The meeting moved to three", "Thanks for dinner last night"];

let db: Db;
let close: () => void;
let projectId: string;
let annotator: string;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", ann: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], ranking: { encoderModel: ENCODER, retrainEvery: 10, minPerClass: 2, explorationShare: 0.2 } },
    items: Array.from({ length: 40 }, (_, k) => {
      const pool = k % 3 === 0 ? SPAM : HAM;
      return { externalId: `m${k + 1}`, text: `${pool[k % pool.length]} (${k + 1})` };
    }),
  });
  ({ projectId, people: { ann: annotator } } = seed);
});
afterEach(() => close());

/** Labels the next `count` items the annotator is served: spam for the texts from SPAM. */
async function annotate(count: number) {
  for (let k = 0; k < count; k++) {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: annotator, count: 1 });
    if (!item) return;
    const labels = [SPAM.some((text) => item.text.startsWith(text)) ? "spam" : "ham"];
    await submitLabel({ db, projectId, annotatorId: annotator, itemId: item.id, labels });
  }
}

describe("the retrain worker thread", () => {
  it("computes exactly the scores and ranks the same computation gives in this thread", async () => {
    await annotate(12);
    const inThread = await computeRetrainInThread({ db, projectId, trigger: "manual" });
    const here = (await computeRetrain({ db, projectId, trigger: "manual", slices: eventLoopSlices() })).computation;

    // 40 items, 12 labelled and closed: 28 open items ranked 1..28, every item scored (cross-fitted).
    expect(inThread.ranked).toBe(28);
    expect(
      Array.from(inThread.positions)
        .filter((position) => position > 0)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 28 }, (_, k) => k + 1));
    expect(inThread.scores.rows).toHaveLength(40);
    expect(inThread.trainedOn).toBe(12);

    expect(Array.from(inThread.itemIds)).toEqual(Array.from(here.itemIds));
    expect(Array.from(inThread.positions)).toEqual(Array.from(here.positions));
    for (const [column, values] of Object.entries(inThread.scores)) {
      expect(Array.from(values as ArrayLike<number>), column).toEqual(Array.from(here.scores[column as keyof typeof here.scores]));
    }
    expect(inThread.modelJson).toBe(here.modelJson);
    expect({ ...inThread.metrics, seconds: 0 }).toEqual({ ...here.metrics, seconds: 0 });

    // And the retrain writes what the worker computed: the queue follows its positions.
    const outcome = await retrainProject({ db, projectId, trigger: "manual" });
    expect(outcome).toMatchObject({ version: 1, ranked: 28, scored: 40, trainedOn: 12 });
    const rowOfPosition = new Map(Array.from(here.positions, (position, row) => [position, row]));
    const head = await rankedQueueHead({ db, projectId, limit: 40 });
    expect(head.map((item) => item.id)).toEqual(Array.from({ length: 28 }, (_, k) => here.itemIds[rowOfPosition.get(k + 1)!]));
  });

  it("records a failure inside the worker on the retrain job (after its retries), and serves the next retrain", async () => {
    const items = (await rankedQueueHead({ db, projectId, limit: 40 })).map((item) => item.id);
    const vector = () =>
      encodeEmbeddings(
        Float32Array.from({ length: 16 }, (_, j) => Math.sin(j + 1)),
        16,
        "int8",
      );
    await storeEmbeddings({
      db,
      projectId,
      modelId: ENCODER,
      userId: null,
      encoding: "int8",
      dim: 16,
      rows: items.slice(1).map((itemId) => ({ itemId, bytes: vector() })),
    });
    // A damaged vector: 7 bytes, where an int8 row of dimension 16 takes 4 + 16.
    await db.insert(embeddings).values({ itemId: items[0]!, modelId: ENCODER, encoding: "int8", dim: 16, vector: Buffer.alloc(7) });

    const failed = await runToEnd(db, requestRetrain({ db, projectId, trigger: "manual" }));
    expect(failed).toMatchObject({
      state: "failed",
      attempts: 3,
      error: "embedding codec: 7 bytes is not a whole number of int8 rows of dimension 16 (20 bytes each); check the format and dimension the sender used",
    });
    expect(await listClassifierVersions({ db, projectId })).toEqual([]);

    await db
      .update(embeddings)
      .set({ vector: Buffer.from(vector()) })
      .where(and(eq(embeddings.itemId, items[0]!), eq(embeddings.modelId, ENCODER)));
    const retrained = await resultOf(db, requestRetrain({ db, projectId, trigger: "manual" }));
    expect(retrained).toMatchObject({ status: "retrained", outcome: { version: 1, features: embeddingFeatures(ENCODER), ranked: 40 } });
  });

  it("fails the retrain it held when the worker thread dies, and the next retrain starts a fresh one", async () => {
    const dying = retrainProject({ db, projectId, trigger: "manual" });
    const { goldsetRetrainThread } = globalThis as { goldsetRetrainThread?: { worker: Worker } };
    await goldsetRetrainThread!.worker.terminate();
    await expect(dying).rejects.toThrow("The retrain worker thread stopped (exit code 1) before it answered.");
    expect(await listClassifierVersions({ db, projectId })).toEqual([]);
    expect(await resultOf(db, requestRetrain({ db, projectId, trigger: "manual" }))).toMatchObject({ status: "retrained", outcome: { version: 1, ranked: 40 } });
  });
});
