import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { submitAnnotation } from "@/db/queries/annotations";
import { listClassifierVersions } from "@/db/queries/classifier-versions";
import { storeEmbeddings } from "@/db/queries/embeddings";
import { rankedQueueHead } from "@/db/queries/ranking";
import { saveRankingSteps } from "@/db/queries/ranking-write";
import { itemScores } from "@/db/schema";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { seededRandom } from "@/lib/random";
import { explainItem } from "./item-explanation";
import { HASHED_FEATURES, embeddingFeatures } from "./project-features";
import { retrainProject } from "./retrain-project";
import { getJob, listProjectJobs, type JobRecord } from "@/db/queries/jobs";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { startJobRunner } from "@/lib/jobs/job-runner";
import { resultOf } from "@/lib/jobs/job-test-support";
import { waitForJob } from "@/lib/jobs/wait-for-job";
import { isRetraining, requestRetrain, type RetrainResult } from "./retrain-scheduler";
import { readVersionMetrics } from "./version-metrics";

const ENCODER = "goldset-test/minilm-l6-random";
const SPAM = [
  "WIN a FREE prize now, call 0800",
  "Claim your free cash reward today",
  "URGENT you won a free holiday, txt WIN",
  "Free entry: win cash prizes now",
];
const HAM = ["See you at lunch tomorrow", "Can you pick up milk on the way home", "The meeting moved to three", "Thanks for dinner last night"];

let db: Db;
let close: () => void;
let projectId: string;
const people: Record<string, string> = {};
/** external id -> the label the simulated annotator gives */
const gold = new Map<string, string>();

function itemText(i: number): { text: string; label: string } {
  const spam = i % 3 === 0;
  const pool = spam ? SPAM : HAM;
  return { text: `${pool[i % pool.length]} (${i})`, label: spam ? "spam" : "ham" };
}

async function label(userId: string, itemId: number, labels: string[]) {
  return await submitAnnotation({
    db,
    projectId,
    annotatorId: userId,
    input: { id: randomUUID(), itemId, labels, notSure: false, suggestionShown: false, rejectedSuggestion: false },
  });
}

/** Labels the next `count` items the annotator is served, with their gold labels; returns their external ids. */
async function annotate(userId: string, count: number): Promise<string[]> {
  const done: string[] = [];
  for (let k = 0; k < count; k++) {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId, count: 1 });
    if (!item) break;
    await label(userId, item.id, [gold.get(item.externalId)!]);
    done.push(item.externalId);
  }
  return done;
}

/** Queues a retrain on new embeddings and runs it here, as the server's job runner would: its result. */
async function retrainOnEmbeddings(): Promise<RetrainResult> {
  return resultOf<RetrainResult>(db, requestRetrain({ db, projectId, trigger: "embeddings" }));
}

async function settings(changes: Parameters<typeof saveRankingSettings>[0]["changes"]) {
  await saveRankingSettings({ db, projectId, actorId: people.lead!, changes });
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["ann1", "ann2", "lead"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  projectId = (
    await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead })
  ).id;
  const records = Array.from({ length: 60 }, (_, k) => {
    const { text, label: answer } = itemText(k + 1);
    gold.set(`m${k + 1}`, answer);
    return { externalId: `m${k + 1}`, text, metadata: {}, contentHash: `h${k + 1}` };
  });
  await importItems({ db, projectId, fileName: "t.jsonl", format: "jsonl", actorId: people.lead!, records });
  await settings({ encoderModel: ENCODER, retrainEvery: 10, minPerClass: 3, explorationShare: 0, rareClassBoost: 0 });
});
afterEach(() => close());

describe("cold start", () => {
  it("orders the first items by diversity before any label, and the queue serves them in that order", async () => {
    const outcome = await retrainProject({ db, projectId, trigger: "manual" });
    expect(outcome).toMatchObject({ version: 1, features: HASHED_FEATURES, coldStart: true, trainedOn: 0, ranked: 60, scored: 0 });
    const [version] = await listClassifierVersions({ db, projectId });
    const metrics = readVersionMetrics(version!.metrics);
    expect(metrics).toMatchObject({ coldStart: true, diversityPicks: 30, untrained: "no item has a settled label yet" });
    expect(metrics.featureDescription).toMatch(/^hashed word and character n-grams \(fallback: no item is embedded with goldset-test\/minilm-l6-random yet\)$/);

    const head = await rankedQueueHead({ db, projectId, limit: 60 });
    expect(head.map((item) => item.queueRank)).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
    // The diversity picks are not import order; after them the rest keeps import order.
    expect(head.slice(0, 30).map((item) => item.id)).not.toEqual([...head.slice(0, 30).map((item) => item.id)].sort((a, b) => a - b));
    const rest = head.slice(30).map((item) => item.id);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));

    const served = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 3 });
    expect(served.map((item) => item.id)).toEqual(head.slice(0, 3).map((item) => item.id));
    const why = (await explainItem({ db, projectId, itemRef: served[0]!.externalId }))!;
    expect(why).toMatchObject({ position: 1, diversityPick: 1, version: 1, score: null });
    expect(why.summary).toMatch(/Cold start: diversity pick 1 of 30/);
  });

  it("keeps diversity picks at the head until every label has minPerClass examples", async () => {
    await settings({ minPerClass: 50 });
    await annotate(people.ann1!, 12);
    const outcome = await retrainProject({ db, projectId, trigger: "manual" });
    expect(outcome.coldStart).toBe(true);
    expect(outcome.trainedOn).toBe(12);
    const head = await rankedQueueHead({ db, projectId, limit: 30 });
    expect(head.every((item) => item.reason?.diversityPick !== null)).toBe(true);
  });
});

describe("after labels", () => {
  it("retrains every retrainEvery labels, and the annotator's queue follows the new scores", async () => {
    const labelled = await annotate(people.ann1!, 9);
    // Not due: nothing is queued (the tenth label asks again).
    expect(await requestRetrain({ db, projectId, trigger: "labels" })).toBeNull();
    expect(await listProjectJobs({ db, projectId })).toEqual([]);
    await annotate(people.ann1!, 1);
    const result = await resultOf<RetrainResult>(db, (await requestRetrain({ db, projectId, trigger: "labels" }))!);
    expect(result.status).toBe("retrained");

    const [version] = await listClassifierVersions({ db, projectId });
    expect(version).toMatchObject({ version: 1, features: HASHED_FEATURES, strategy: "margin", trainedOn: 10 });
    const metrics = readVersionMetrics(version!.metrics);
    expect(metrics).toMatchObject({ trigger: "labels", labelSubmissions: 10, coldStart: false });
    expect(metrics.heldOut).toEqual({ evaluated: false, reason: "10 resolved item(s); a held-out estimate needs at least 20" });

    // Exploration is off: the queue is the open items by descending score.
    const head = await rankedQueueHead({ db, projectId, limit: 100 });
    expect(head).toHaveLength(50);
    const scores = head.map((item) => item.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const served = await nextItemsForAnnotator({ db, projectId, userId: people.ann2!, count: 5 });
    expect(served.map((item) => item.id)).toEqual(head.slice(0, 5).map((item) => item.id));
    // ann1 holds no lease after labelling, so they are served the same head.
    expect((await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 }))[0]!.id).toBe(head[5]!.id);

    const why = (await explainItem({ db, projectId, itemRef: String(served[0]!.id) }))!;
    expect(why).toMatchObject({ position: 1, version: 1, exploration: false, diversityPick: null, strategy: "margin" });
    expect(why.summary).toMatch(
      /^Place 1 of 50 open items .* Score \d\.\d{3} = margin uncertainty \d\.\d{3}; higher scores are served first\. The model \(v1\) predicts (ham|spam) with confidence/,
    );
    const closed = (await explainItem({ db, projectId, itemRef: labelled[0]! }))!;
    expect(closed).toMatchObject({ open: false, position: null });
    // A labelled item's prediction comes from a model that did not train on its label.
    expect(closed.summary).toMatch(
      /^#m\d+ is not in the queue: it has all the annotations it needs\. A model trained without this item's labels \(cross-fitting, v1\) predicts/,
    );
  });

  it("learns the labels: held-out estimates appear with 20 resolved items, and predictions match the obvious cases", async () => {
    await annotate(people.ann1!, 30);
    const outcome = await retrainProject({ db, projectId, trigger: "manual" });
    if (!outcome.heldOut.evaluated || "kind" in outcome.heldOut) throw new Error(`expected a classifier's held-out estimate: ${JSON.stringify(outcome.heldOut)}`);
    expect(outcome.heldOut.testItems + outcome.heldOut.trainItems).toBe(30);
    expect(outcome.heldOut.testItems).toBeGreaterThanOrEqual(4);
    expect(outcome.heldOut.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(outcome.heldOut.ece).toBeGreaterThanOrEqual(0);
    for (const item of await rankedQueueHead({ db, projectId, limit: 100 })) expect(item.predicted).toEqual([gold.get(item.externalId)]);
  });

  it("boosts items predicted as a rare label and records the boost in the reason", async () => {
    await settings({ rareClassBoost: 0.5 });
    // Items m1..m60 have ids 1..60 in a fresh database. 16 ham and 3 spam labels: spam is rare.
    const hamIds = [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23];
    for (const id of hamIds) await label(people.ann1!, id, ["ham"]);
    for (const id of [3, 6, 9]) await label(people.ann1!, id, ["spam"]);
    await retrainProject({ db, projectId, trigger: "manual" });
    const head = await rankedQueueHead({ db, projectId, limit: 100 });
    const boostOf = (item: (typeof head)[number]) => (item.reason as { boosts: { rareClass: number }; uncertainty: number }).boosts.rareClass;
    expect(head.some((item) => item.predicted?.[0] === "spam")).toBe(true);
    for (const item of head) {
      expect(boostOf(item)).toBe(item.predicted?.[0] === "spam" ? 0.5 : 0);
      expect(item.score).toBeCloseTo((item.reason as { uncertainty: number }).uncertainty + boostOf(item), 5);
    }
  });
});

describe("features", () => {
  it("falls back to hashed n-grams until every item has an embedding, then retrains on embeddings once", async () => {
    const ids = Array.from({ length: 60 }, (_, k) => k + 1);
    const random = seededRandom(5);
    const row = () =>
      encodeEmbeddings(
        Float32Array.from({ length: 16 }, () => random.next() - 0.5),
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
      rows: ids.slice(0, 59).map((itemId) => ({ itemId, bytes: row() })),
    });
    expect(await retrainOnEmbeddings()).toEqual({
      status: "not-due",
      reason: "the latest version already reads every embedding",
    });
    const partial = await retrainProject({ db, projectId, trigger: "manual" });
    expect(partial.features).toBe(HASHED_FEATURES);
    expect(partial.featureDescription).toMatch(/fallback: 59 of 60 items are embedded with goldset-test\/minilm-l6-random; embeddings are used once all are/);

    await storeEmbeddings({ db, projectId, modelId: ENCODER, userId: null, encoding: "int8", dim: 16, rows: [{ itemId: 60, bytes: row() }] });
    const full = await retrainOnEmbeddings();
    expect(full.status === "retrained" && full.outcome).toMatchObject({ version: 2, features: embeddingFeatures(ENCODER), coldStart: true });
    expect(await retrainOnEmbeddings()).toMatchObject({ status: "not-due" });
    expect((await listClassifierVersions({ db, projectId }))[0]!.features).toBe(embeddingFeatures(ENCODER));
  });
});

describe("an interrupted write", () => {
  it("leaves the live version serving, and the next retrain removes what it left and succeeds", async () => {
    await annotate(people.ann1!, 12);
    await retrainProject({ db, projectId, trigger: "manual" });
    const before = await rankedQueueHead({ db, projectId, limit: 100 });
    // A write that stops after some of its transactions, as when its process dies.
    const itemIds = before.map((item) => item.id);
    const dying = saveRankingSteps({
      db,
      projectId,
      version: { features: HASHED_FEATURES, strategy: "margin", trainedOn: 0, metrics: {}, modelJson: "{}" },
      scores: itemIds.map((itemId) => ({ itemId, predicted: ["spam"], confidence: 1, score: 0, reason: {} })),
      ranks: { itemIds, ranks: itemIds.map((_, k) => itemIds.length - k) },
      chunks: { maxRows: 5, maxMs: Number.POSITIVE_INFINITY },
    });
    for (let k = 0; k < 6; k++) await dying.next();
    const versions = async () => new Set((await db.select({ v: itemScores.classifierVersion }).from(itemScores)).map((row) => row.v));
    expect(await versions()).toEqual(new Set([1, 2]));
    expect(await rankedQueueHead({ db, projectId, limit: 100 })).toEqual(before);
    expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([1]);

    const outcome = await retrainProject({ db, projectId, trigger: "manual" });
    expect(outcome.version).toBe(3);
    expect(await versions()).toEqual(new Set([3]));
    expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([3, 1]);
    expect((await rankedQueueHead({ db, projectId, limit: 100 })).every((item) => item.score !== null)).toBe(true);
  });
});

describe("requestRetrain", () => {
  /** Waits until the job's row says `state`, as another process would see it. */
  async function reaches(job: JobRecord, state: JobRecord["state"]) {
    await expect.poll(async () => (await getJob({ db, jobId: job.id }))?.state, { timeout: 30_000, interval: 5 }).toBe(state);
  }

  it("never runs two retrains of a project at once: requests during a run fold into one follow-up", async () => {
    const runner = startJobRunner({ db, kinds: APP_JOB_KINDS, pollMs: 20 });
    try {
      const first = await requestRetrain({ db, projectId, trigger: "manual" });
      await reaches(first, "running");
      const during = [await requestRetrain({ db, projectId, trigger: "manual" }), await requestRetrain({ db, projectId, trigger: "settings" })];
      expect(during[0]!.id).not.toBe(first.id);
      expect(during[1]!.id).toBe(during[0]!.id);
      const results = await Promise.all([first, ...during].map(async (job) => (await waitForJob({ db, jobId: job.id, timeoutMs: 60_000 })).result as RetrainResult));
      expect(results.map((r) => (r.status === "retrained" ? r.outcome.version : r.status))).toEqual([1, 2, 2]);
      expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([2, 1]);
    } finally {
      await runner.stop();
    }
  });

  it("gives the follow-up every trigger folded into it, and lets the project go when it ends", async () => {
    await annotate(people.ann1!, 3);
    expect(await isRetraining({ db, projectId })).toBe(false);
    const runner = startJobRunner({ db, kinds: APP_JOB_KINDS, pollMs: 20 });
    try {
      const first = await requestRetrain({ db, projectId, trigger: "manual" });
      expect(await isRetraining({ db, projectId })).toBe(true);
      await reaches(first, "running");
      // Embeddings alone are not due (no item has one); the lead's request folded in with them is.
      const embeddings = await requestRetrain({ db, projectId, trigger: "embeddings" });
      const manual = await requestRetrain({ db, projectId, trigger: "manual" });
      expect(manual.id).toBe(embeddings.id);
      expect(manual.payload).toEqual({ triggers: ["embeddings", "manual"] });
      expect((await waitForJob({ db, jobId: first.id, timeoutMs: 60_000 })).result).toMatchObject({ status: "retrained", outcome: { version: 1 } });
      const followUp = (await waitForJob({ db, jobId: embeddings.id, timeoutMs: 60_000 })).result as RetrainResult;
      expect(followUp.status === "retrained" && readVersionMetrics((await listClassifierVersions({ db, projectId }))[0]!.metrics).trigger).toBe("manual");
      expect(await isRetraining({ db, projectId })).toBe(false);
    } finally {
      await runner.stop();
    }
    expect(await retrainOnEmbeddings()).toEqual({ status: "not-due", reason: "the latest version already reads every embedding" });
  });
});
