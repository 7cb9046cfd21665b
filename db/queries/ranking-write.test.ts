import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { classifierModelParts, classifierVersions, itemScores, projects } from "../schema";
import { runAsyncSteps, type AsyncSteps } from "@/lib/active-learning/steps";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { submitAnnotation } from "./annotations";
import { nextItemsForAnnotator } from "./queue";
import { itemRanking, rankedQueueHead } from "./ranking";
import { modelSlices, saveRankingSteps, type NewItemScore, type RankingWrite } from "./ranking-write";
import { classifierModel, latestClassifierVersion, listClassifierVersions } from "./classifier-versions";
import { currentSuggestions } from "./suggestions";
import { liveRanking } from "./live-ranking";

const ITEMS = 24;
/** Four rows per transaction: the write of 24 items takes many steps. */
const SMALL_CHUNKS = { maxRows: 4, maxMs: Number.POSITIVE_INFINITY };

let db: Db;
let close: () => void;
let projectId: string;
let annotators: string[];
let itemIds: number[];

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const lead = (await createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" })).id;
  annotators = await Promise.all(
    Array.from({ length: 40 }, async (_, k) => (await createUser({ db, email: `a${k}@example.org`, name: `a${k}`, passwordHash: "x" })).id),
  );
  projectId = (await createProject({ db, name: "P", slug: "p", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead })).id;
  await importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: lead,
    records: Array.from({ length: ITEMS }, (_, k) => ({ externalId: `m${k + 1}`, text: `text ${k + 1}`, metadata: {}, contentHash: `h${k + 1}` })),
  });
  itemIds = (await rankedQueueHead({ db, projectId, limit: ITEMS })).map((item) => item.id);
});
afterEach(() => close());

/** A version that ranks the items in `order` and scores each with `tag` in its reason, so a reader can tell the versions apart. */
function write(order: readonly number[], tag: string, extra: Partial<RankingWrite> = {}): AsyncSteps<number> {
  const scores: NewItemScore[] = order.map((itemId, k) => ({ itemId, predicted: ["ham"], confidence: 0.5, score: order.length - k, reason: { tag } }));
  const rankOf = new Map(order.map((itemId, k) => [itemId, k + 1]));
  return saveRankingSteps({
    db,
    projectId,
    version: { features: "hashed-ngrams", strategy: "margin", trainedOn: 0, metrics: { tag }, modelJson: JSON.stringify({ tag }) },
    scores,
    ranks: { itemIds, ranks: itemIds.map((itemId) => rankOf.get(itemId) ?? null) },
    chunks: SMALL_CHUNKS,
    ...extra,
  });
}

async function rowsOf(version: number): Promise<number> {
  return (await db.select().from(itemScores).where(eq(itemScores.classifierVersion, version))).length;
}

let clock = Date.now();

/** What a reader sees: the queue order, the version and tag of every score, the served head, the latest version. */
async function seen() {
  const head = await rankedQueueHead({ db, projectId, limit: ITEMS });
  // A new annotator an hour later each time, so the earlier leases have expired.
  clock += 3_600_000;
  const served = (await nextItemsForAnnotator({ db, projectId, userId: annotators.shift()!, count: 3, now: new Date(clock) })).map((item) => item.id);
  const versions = new Set(
    await Promise.all(head.map(async (item) => (await itemRanking({ db, projectId, itemRef: String(item.id) }))!.score?.classifierVersion ?? null)),
  );
  const suggestions = await currentSuggestions({ db, projectId, itemIds, llmSuggestions: false, modelSuggestions: true });
  return {
    order: head.map((item) => item.id),
    tags: new Set(head.map((item) => (item.reason as { tag?: string } | null)?.tag ?? null)),
    versions,
    suggestionVersions: new Set([...suggestions.values()].map((s) => s.modelVersion)),
    served,
    latest: (await latestClassifierVersion({ db, projectId }))?.version ?? null,
  };
}

describe("saveRankingSteps", () => {
  it("serves the old version, whole, between every step of a chunked write, and the new one, whole, from its switch on", async () => {
    const oldOrder = [...itemIds];
    expect(await runAsyncSteps(write(oldOrder, "old"))).toBe(1);
    const newOrder = [...itemIds].reverse();
    const steps = write(newOrder, "new");
    let oldViews = 0;
    let newViews = 0;
    let version: number | undefined;
    for (let step = await steps.next(); ; step = await steps.next()) {
      const view = await seen();
      if ((await liveRanking({ db, projectId }))!.version === 1) {
        expect(view).toMatchObject({
          order: oldOrder,
          served: oldOrder.slice(0, 3),
          tags: new Set(["old"]),
          versions: new Set([1]),
          suggestionVersions: new Set(["v1"]),
          latest: 1,
        });
        // The new version is being written beside the old one.
        if ((await rowsOf(2)) > 0) oldViews++;
      } else {
        expect(view).toMatchObject({
          order: newOrder,
          served: newOrder.slice(0, 3),
          tags: new Set(["new"]),
          versions: new Set([2]),
          suggestionVersions: new Set(["v2"]),
          latest: 2,
        });
        // The old version's rows go in chunks after the switch, unread.
        if ((await rowsOf(1)) > 0) newViews++;
      }
      if (step.done) {
        version = step.value;
        break;
      }
    }
    expect(version).toBe(2);
    expect(oldViews).toBeGreaterThan(5);
    expect(newViews).toBeGreaterThan(3);
    expect([await rowsOf(1), await rowsOf(2)]).toEqual([0, ITEMS]);
    expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([2, 1]);
  });

  it("keeps the rank of items the new order leaves out (null), and gives later imports rank 0 in both columns", async () => {
    const [first, second, ...rest] = itemIds;
    await runAsyncSteps(write([...rest, second!, first!], "old"));
    // The first item is closed by a label; the next ranking leaves it out.
    await submitAnnotation({
      db,
      projectId,
      annotatorId: annotators[0]!,
      input: { id: randomUUID(), itemId: first!, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
    const newOrder = [second!, ...rest];
    await runAsyncSteps(write(newOrder, "new"));
    expect((await itemRanking({ db, projectId, itemRef: String(first) }))!.item).toMatchObject({ open: false, queueRank: ITEMS });
    expect((await rankedQueueHead({ db, projectId, limit: ITEMS })).map((item) => item.queueRank)).toEqual(newOrder.map((_, k) => k + 1));

    await importItems({
      db,
      projectId,
      fileName: "late.jsonl",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "late", text: "late", metadata: {}, contentHash: "hl" }],
    });
    await runAsyncSteps(write(newOrder, "third"));
    // Not listed by the third ranking (imported after it read the items): unranked, first in the queue.
    expect((await rankedQueueHead({ db, projectId, limit: 1 }))[0]).toMatchObject({ externalId: "late", queueRank: 0, score: null });
  });

  it("leaves the live version in place when a write fails halfway, and the next write removes what it left", async () => {
    await runAsyncSteps(write([...itemIds], "old"));
    const before = await seen();
    // An item id that does not exist fails its insert (foreign key) in the third chunk of scores.
    const scores: NewItemScore[] = [...itemIds.slice(0, 10), 999_999, ...itemIds.slice(10)].map((itemId) => ({
      itemId,
      predicted: ["spam"],
      confidence: 0.9,
      score: 1,
      reason: { tag: "broken" },
    }));
    await expect(runAsyncSteps(write([...itemIds].reverse(), "broken", { scores }))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/foreign key/i) }),
    });
    expect(await rowsOf(2)).toBe(8);
    expect((await db.select({ pending: projects.pendingClassifierVersion }).from(projects).limit(1))[0]).toEqual({ pending: 2 });
    const after = await seen();
    expect(after).toMatchObject({ order: before.order, tags: new Set(["old"]), versions: new Set([1]), latest: 1 });
    expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([1]);

    // Version 2 is never reused: a writer elsewhere still holding it would take a new claim for its own.
    expect(await runAsyncSteps(write([...itemIds].reverse(), "next"))).toBe(3);
    expect([await rowsOf(1), await rowsOf(2), await rowsOf(3)]).toEqual([0, 0, ITEMS]);
    expect((await db.select({ v: classifierVersions.version }).from(classifierVersions)).map((row) => row.v)).toEqual([1, 3]);
    expect(await seen()).toMatchObject({ order: [...itemIds].reverse(), tags: new Set(["next"]), versions: new Set([3]), latest: 3 });
    expect((await db.select({ pending: projects.pendingClassifierVersion }).from(projects).limit(1))[0]).toEqual({ pending: null });
  });

  it("writes a long model in slices, one transaction each, and reads it back whole; an abandoned version's slices go with its row", async () => {
    // 100 weights of 7 to 9 characters: about 1,000 characters of JSON, in slices of 64.
    const model = { version: 1, kind: "linear", weights: Array.from({ length: 100 }, (_, k) => 1 / (k + 3)), bias: [0.25, -0.25] };
    const modelJson = JSON.stringify(model);
    const parts = Math.ceil(modelJson.length / 64);
    const tagged = (tag: string) => ({ features: "hashed-ngrams", strategy: "margin", trainedOn: 0, metrics: { tag }, modelJson });
    const steps = write([...itemIds], "sliced", { version: tagged("sliced"), modelPartChars: 64 });
    await steps.next(); // the claim
    expect((await db.select({ model: classifierVersions.model }).from(classifierVersions))[0]!.model).toEqual({ parts });
    await steps.next(); // the first slice
    expect(await db.select({ part: classifierModelParts.part }).from(classifierModelParts)).toEqual([{ part: 0 }]);
    expect(await runAsyncSteps(steps)).toBe(1);
    const stored = await db.select({ version: classifierModelParts.version, text: classifierModelParts.text }).from(classifierModelParts).orderBy(classifierModelParts.part);
    expect(stored.map((row) => row.version)).toEqual(Array(parts).fill(1));
    expect(stored.slice(0, -1).every((row) => row.text.length === 64)).toBe(true);
    expect((await classifierModel({ db, projectId }))!.model).toEqual(model);

    // Version 2 stops after two of its slices; version 3 removes them with the row, and a short
    // model is stored whole, with no slices.
    const abandoned = write([...itemIds], "abandoned", { version: tagged("abandoned"), modelPartChars: 64 });
    for (let k = 0; k < 3; k++) await abandoned.next();
    expect((await db.select().from(classifierModelParts).where(eq(classifierModelParts.version, 2))).length).toBe(2);
    expect((await classifierModel({ db, projectId }))!.version).toBe(1);
    expect(await runAsyncSteps(write([...itemIds], "short"))).toBe(3);
    expect((await db.select().from(classifierModelParts).where(eq(classifierModelParts.version, 2))).length).toBe(0);
    expect((await classifierModel({ db, projectId }))).toMatchObject({ version: 3, model: { tag: "short" } });
    expect((await classifierModel({ db, projectId, version: 1 }))!.model).toEqual(model);

    // A missing slice is an error that says so, never a model read short.
    await db.delete(classifierModelParts).where(eq(classifierModelParts.part, 3));
    await expect(classifierModel({ db, projectId, version: 1 })).rejects.toThrow(`stored in ${parts} parts, but ${parts - 1} were found`);
  });

  it("cuts a long model's JSON into slices that join back to it, never inside a surrogate pair", async () => {
    expect(modelSlices("0123456789", 10)).toEqual([]);
    expect(modelSlices("0123456789a", 4)).toEqual(["0123", "4567", "89a"]);
    // "🦜" is two UTF-16 units: a cut after the third unit would split it, so that slice ends before it.
    const json = JSON.stringify({ types: ["ab🦜", "ok"] });
    const cut = json.indexOf("🦜") + 1;
    const slices = modelSlices(json, cut);
    expect(slices[0]).toBe(json.slice(0, cut - 1));
    expect(slices.join("")).toBe(json);
    expect(slices.every((slice) => slice.length <= cut && !/[\ud800-\udbff]$/.test(slice))).toBe(true);
    // Stored and read back through the database, the model is the same, emoji and all.
    const steps = write([...itemIds], "emoji", { version: { features: "span-hashed", strategy: "margin", trainedOn: 0, metrics: {}, modelJson: json }, modelPartChars: cut });
    expect(await runAsyncSteps(steps)).toBe(1);
    expect((await classifierModel({ db, projectId }))!.model).toEqual({ types: ["ab🦜", "ok"] });
  });

  it("survives a process that stops mid-write: nothing of it is read, and the next write cleans up", async () => {
    await runAsyncSteps(write([...itemIds], "old"));
    const abandoned = write([...itemIds].reverse(), "abandoned");
    for (let k = 0; k < 12; k++) await abandoned.next();
    expect(await rowsOf(2)).toBeGreaterThan(0);
    expect(await seen()).toMatchObject({ order: itemIds, tags: new Set(["old"]), latest: 1 });
    expect(await runAsyncSteps(write([...itemIds].reverse(), "next"))).toBe(3);
    expect([await rowsOf(1), await rowsOf(2), await rowsOf(3)]).toEqual([0, 0, ITEMS]);
  });

  it("stops a write that another writer took over, which then completes", async () => {
    await runAsyncSteps(write([...itemIds], "old"));
    const first = write([...itemIds].reverse(), "first");
    await first.next(); // claims version 2
    await first.next(); // cleans up, starts its scores
    const second = write([...itemIds].reverse(), "second");
    await second.next(); // claims version 3, dropping version 2's row
    await expect(runAsyncSteps(first)).rejects.toThrow(/another retrain \(version 3\) took over/);
    expect(await runAsyncSteps(second)).toBe(3);
    expect([await rowsOf(1), await rowsOf(2), await rowsOf(3)]).toEqual([0, 0, ITEMS]);
    expect(await seen()).toMatchObject({ tags: new Set(["second"]), versions: new Set([3]), latest: 3 });
    expect((await listClassifierVersions({ db, projectId })).map((v) => v.version)).toEqual([3, 1]);
  });
});
