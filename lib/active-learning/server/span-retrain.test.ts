// A spans project's queue ranked by the span tagger, on the database the run is configured for
// (SQLite, or PostgreSQL with GOLDSET_DATABASE_URL): the retrain job trains on the settled spans in
// its worker thread, and the queue follows the entity-level uncertainty that the pure model,
// recomputed here, gives each open item.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject, type SeededProject } from "@/db/test-seed";
import { submitAnnotation } from "@/db/queries/annotations";
import { classifierModel, listClassifierVersions } from "@/db/queries/classifier-versions";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { rankedQueueHead } from "@/db/queries/ranking";
import { itemResolutions, suggestions } from "@/db/schema";
import { entitiesFromTags, entityF1, tagSet } from "@/lib/active-learning/spans/bio-tags";
import { sentenceUncertainty } from "@/lib/active-learning/spans/entity-uncertainty";
import { deserializeSpanTagger, type SerializedSpanTagger } from "@/lib/active-learning/spans/span-model-serialization";
import { spanModelBits } from "@/lib/active-learning/spans/span-ranking";
import { itemSentence, spanTags, type SpanOnText } from "@/lib/active-learning/spans/span-sentences";
import { tagProbabilities, trainSpanTagger, viterbiDecode, type SpanTaggerModel } from "@/lib/active-learning/spans/span-tagger";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { resultOf } from "@/lib/jobs/job-test-support";
import { isHeldOut } from "./held-out-metrics";
import { explainItem } from "./item-explanation";
import { modelOverview } from "./model-overview";
import { retrainProject } from "./retrain-project";
import { requestRetrain, type RetrainResult } from "./retrain-scheduler";
import { readVersionMetrics } from "./version-metrics";

const TYPES = ["person", "location"];
const NUM_TAGS = tagSet(TYPES).tags.length;
const PEOPLE = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Farid", "Greta", "Hugo"];
const PLACES = ["Lima", "Quito", "Oslo", "Porto", "Cairo", "Hanoi", "Dakar", "Perth"];

/**
 * Item k's text and its gold spans in code points: names and places in a handful of sentence
 * patterns, some with an emoji (two UTF-16 units, one code point) before the entities, some with
 * no entity at all.
 */
function itemAt(k: number): { text: string; spans: SpanOnText[] } {
  const person = PEOPLE[k % PEOPLE.length]!;
  const place = PLACES[(k * 3) % PLACES.length]!;
  const parts: (string | { text: string; label: string })[] = [
    [[{ text: person, label: "person" }, " flew to ", { text: place, label: "location" }, " on Monday"]],
    [["we met ", { text: `${person} Silva`, label: "person" }, " in ", { text: place, label: "location" }, " today"]],
    [["🙂 flights to ", { text: place, label: "location" }, " are cheap"]],
    [["nothing much happened at work"]],
    [["🙂 ", { text: person, label: "person" }, " says hi"]],
  ][k % 5]![0]!;
  let text = "";
  const spans: SpanOnText[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const start = Array.from(text).length;
    text += part.text;
    spans.push({ start, end: start + Array.from(part.text).length, label: part.label });
  }
  return { text: `${text} (${k})`, spans };
}

const ITEMS = Array.from({ length: 40 }, (_, k) => ({ externalId: `s${k}`, ...itemAt(k) }));
/** The first 25 items are labelled with their gold spans; the other 15 stay open. */
const LABELLED = 25;

let db: Db;
let close: () => Promise<void>;
let seed: SeededProject<"lead" | "ann1" | "ann2">;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  seed = await seedProject(db, {
    people: { lead: "lead", ann1: "annotator", ann2: "annotator" },
    project: {
      slug: "ner",
      taskType: "spans",
      labels: [{ name: "person" }, { name: "location" }, { name: "urgent", kind: "item" }],
      overlap: 1,
      ranking: { explorationShare: 0, retrainEvery: 10 },
    },
    items: ITEMS.map(({ externalId, text }) => ({ externalId, text })),
  });
});
afterAll(async () => close());

const idOf = (k: number) => seed.items[`s${k}`]!;

/** The tagger the server should have trained, recomputed from the pure pieces: settled items in id order. */
function expectedModel(ks: readonly number[]): SpanTaggerModel {
  const bits = spanModelBits(NUM_TAGS);
  const sentences = ks.map((k) => {
    const sentence = itemSentence(ITEMS[k]!.text, bits);
    return { features: sentence.features, tags: spanTags(sentence.tokenized, ITEMS[k]!.spans, TYPES) };
  });
  return trainSpanTagger(sentences, NUM_TAGS, { bits });
}

function uncertaintyOf(model: SpanTaggerModel, k: number): number {
  const { features } = itemSentence(ITEMS[k]!.text, model.bits);
  const probabilities = tagProbabilities(model, features);
  return sentenceUncertainty(probabilities, viterbiDecode(probabilities, NUM_TAGS), NUM_TAGS);
}

describe("a spans project's queue before any settled spans", () => {
  it("keeps project order: the retrain records a version with no model and ranks the open items by id", async () => {
    const outcome = await retrainProject({ db, projectId: seed.projectId, trigger: "manual" });
    expect(outcome).toMatchObject({ version: 1, features: "span-tokens", coldStart: true, trainedOn: 0, ranked: 40, scored: 0 });
    const [version] = await listClassifierVersions({ db, projectId: seed.projectId });
    expect(version).toMatchObject({ version: 1, strategy: "entity_uncertainty", trainedOn: 0 });
    expect(readVersionMetrics(version!.metrics)).toMatchObject({ untrained: "no item has settled spans yet", heldOut: { evaluated: false } });
    const head = await rankedQueueHead({ db, projectId: seed.projectId, limit: 100 });
    expect(head.map((item) => item.id)).toEqual(ITEMS.map((_, k) => idOf(k)));
    expect(head.every((item) => item.score === null)).toBe(true);
    // The first retrain starts the worker thread.
  }, 60_000);
});

describe("a spans project's queue once spans are settled", () => {
  let result: RetrainResult;
  let model: SpanTaggerModel;
  const labelled = Array.from({ length: LABELLED }, (_, k) => k);
  const open = Array.from({ length: ITEMS.length - LABELLED }, (_, k) => LABELLED + k);

  beforeAll(async () => {
    for (const k of labelled) {
      await submitAnnotation({
        db,
        projectId: seed.projectId,
        annotatorId: seed.people.ann1,
        input: { id: randomUUID(), itemId: idOf(k), labels: [], spans: ITEMS[k]!.spans, notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
    // 25 label submissions since version 1 against retrainEvery 10: the labels make a retrain due.
    const job = await requestRetrain({ db, projectId: seed.projectId, trigger: "labels" });
    if (!job) throw new Error("25 labels since the last version should make a retrain due");
    result = await resultOf<RetrainResult>(db, job);
    model = expectedModel(labelled);
    // 25 submissions, a retrain in the worker thread and a tagger trained here: seconds, more on a busy machine.
  }, 120_000);

  it("trains on the consensus spans of the resolved items", async () => {
    const settled = await db.select({ spans: itemResolutions.spans }).from(itemResolutions).where(eq(itemResolutions.itemId, idOf(1))).limit(1);
    expect(settled[0]?.spans).toEqual(ITEMS[1]!.spans);
    expect(result).toMatchObject({ status: "retrained", outcome: { version: 2, coldStart: false, trainedOn: LABELLED, ranked: 15, scored: 15 } });
    const stored = (await classifierModel({ db, projectId: seed.projectId }))!;
    expect(stored).toMatchObject({ version: 2, features: "span-tokens", model: { kind: "span-tagger", types: TYPES, numTags: 5, trainingSize: LABELLED } });
    // The stored weights are the pure model's, bit for bit.
    const weights = deserializeSpanTagger(stored.model as unknown as SerializedSpanTagger).weights;
    expect(weights.length).toBe(model.weights.length);
    // Compared as bytes: a deep equality over five million floats would take most of a minute.
    expect(Buffer.compare(Buffer.from(weights.buffer), Buffer.from(model.weights.buffer))).toBe(0);
    expect(model.weights.some((weight) => weight !== 0)).toBe(true);
  });

  it("ranks the open items by entity-level uncertainty, most uncertain first, and serves the top one next", async () => {
    const expected = open
      .map((k) => ({ id: idOf(k), uncertainty: uncertaintyOf(model, k) }))
      // The queue sorts float32 scores, ties by item id.
      .sort((a, b) => Math.fround(b.uncertainty) - Math.fround(a.uncertainty) || a.id - b.id);
    // Not project order, or the test could not tell the model's order from the cold start's.
    expect(expected.map((e) => e.id)).not.toEqual(open.map(idOf));
    const head = await rankedQueueHead({ db, projectId: seed.projectId, limit: 100 });
    expect(head.map((item) => item.id)).toEqual(expected.map((e) => e.id));
    head.forEach((item, position) => {
      expect(item.score).toBeCloseTo(expected[position]!.uncertainty, 5);
      expect(item.reason).toMatchObject({ strategy: "entity_uncertainty", exploration: false, position: position + 1 });
    });

    const [next] = await nextItemsForAnnotator({ db, projectId: seed.projectId, userId: seed.people.ann2, count: 1 });
    expect(next?.id).toBe(expected[0]!.id);
    const why = (await explainItem({ db, projectId: seed.projectId, itemRef: next!.externalId }))!;
    expect(why).toMatchObject({ position: 1, version: 2, strategy: "entity_uncertainty" });
    expect(why.summary).toMatch(/entity-level uncertainty/);
  });

  it("records held-out exact entity F1 as the version's metric, and the model overview shows it", async () => {
    const test = labelled.filter((k) => isHeldOut(idOf(k)));
    const train = labelled.filter((k) => !isHeldOut(idOf(k)));
    expect(test.length).toBeGreaterThanOrEqual(4);
    const heldOutModel = expectedModel(train);
    const { tags } = tagSet(TYPES);
    const entitiesOf = (path: Int32Array) => entitiesFromTags(Array.from(path, (tag) => tags[tag]!));
    const gold = test.map((k) => {
      const sentence = itemSentence(ITEMS[k]!.text, heldOutModel.bits);
      return entitiesOf(spanTags(sentence.tokenized, ITEMS[k]!.spans, TYPES));
    });
    const predicted = test.map((k) => entitiesOf(viterbiDecode(tagProbabilities(heldOutModel, itemSentence(ITEMS[k]!.text, heldOutModel.bits).features), NUM_TAGS)));
    const score = entityF1(gold, predicted);

    const [version] = await listClassifierVersions({ db, projectId: seed.projectId });
    expect(readVersionMetrics(version!.metrics).heldOut).toEqual({
      evaluated: true,
      kind: "entities",
      trainItems: train.length,
      testItems: test.length,
      entityF1: score.f1,
      precision: score.precision,
      recall: score.recall,
    });
    const overview = await modelOverview({ db, projectId: seed.projectId, canManage: true });
    expect(overview.spans).toBe(true);
    expect(overview.latest).toMatchObject({ version: 2, model: "span-tagger", heldOut: { evaluated: true, entityF1: score.f1, accuracy: null } });
  });

  it("creates no model suggestion for a spans item, and new embeddings make no retrain due", async () => {
    const top = (await rankedQueueHead({ db, projectId: seed.projectId, limit: 1 }))[0]!;
    expect((await suggestionsForAnnotator({ db, project: seed.project, itemIds: [top.id] })).size).toBe(0);
    const modelRows = await db.select({ id: suggestions.id }).from(suggestions).where(and(eq(suggestions.projectId, seed.projectId), eq(suggestions.sourceKind, "model")));
    expect(modelRows).toEqual([]);
    expect(await resultOf<RetrainResult>(db, requestRetrain({ db, projectId: seed.projectId, trigger: "embeddings" }))).toEqual({
      status: "not-due",
      reason: "a spans project's model reads tokens, not embeddings",
    });
  });
});
