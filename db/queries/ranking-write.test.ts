import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { classifierVersions, itemScores, projects } from "../schema";
import { runSteps, type Steps } from "@/lib/active-learning/steps";
import { createUser } from "./users";
import { createProject } from "./projects";
import { importItems } from "./items";
import { submitAnnotation } from "./annotations";
import { nextItemsForAnnotator } from "./queue";
import { itemRanking, rankedQueueHead } from "./ranking";
import { saveRankingSteps, type NewItemScore, type RankingWrite } from "./ranking-write";
import { latestClassifierVersion, listClassifierVersions } from "./classifier-versions";
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

beforeEach(() => {
  ({ db, close } = openTestDatabase());
  const lead = createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" }).id;
  annotators = Array.from({ length: 40 }, (_, k) => createUser({ db, email: `a${k}@example.org`, name: `a${k}`, passwordHash: "x" }).id);
  projectId = createProject({ db, name: "P", slug: "p", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead }).id;
  importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: lead,
    records: Array.from({ length: ITEMS }, (_, k) => ({ externalId: `m${k + 1}`, text: `text ${k + 1}`, metadata: {}, contentHash: `h${k + 1}` })),
  });
  itemIds = rankedQueueHead({ db, projectId, limit: ITEMS }).map((item) => item.id);
});
afterEach(() => close());

/** A version that ranks the items in `order` and scores each with `tag` in its reason, so a reader can tell the versions apart. */
function write(order: readonly number[], tag: string, extra: Partial<RankingWrite> = {}): Steps<number> {
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

function rowsOf(version: number): number {
  return db.select().from(itemScores).where(eq(itemScores.classifierVersion, version)).all().length;
}

let clock = Date.now();

/** What a reader sees: the queue order, the version and tag of every score, the served head, the latest version. */
function seen() {
  const head = rankedQueueHead({ db, projectId, limit: ITEMS });
  // A new annotator an hour later each time, so the earlier leases have expired.
  clock += 3_600_000;
  const served = nextItemsForAnnotator({ db, projectId, userId: annotators.shift()!, count: 3, now: new Date(clock) }).map((item) => item.id);
  const versions = new Set(head.map((item) => itemRanking({ db, projectId, itemRef: String(item.id) })!.score?.classifierVersion ?? null));
  const suggestions = currentSuggestions({ db, projectId, itemIds, llmSuggestions: false, modelSuggestions: true });
  return {
    order: head.map((item) => item.id),
    tags: new Set(head.map((item) => (item.reason as { tag?: string } | null)?.tag ?? null)),
    versions,
    suggestionVersions: new Set([...suggestions.values()].map((s) => s.modelVersion)),
    served,
    latest: latestClassifierVersion({ db, projectId })?.version ?? null,
  };
}

describe("saveRankingSteps", () => {
  it("serves the old version, whole, between every step of a chunked write, and the new one, whole, from its switch on", () => {
    const oldOrder = [...itemIds];
    expect(runSteps(write(oldOrder, "old"))).toBe(1);
    const newOrder = [...itemIds].reverse();
    const steps = write(newOrder, "new");
    let oldViews = 0;
    let newViews = 0;
    let version: number | undefined;
    for (let step = steps.next(); ; step = steps.next()) {
      const view = seen();
      if (liveRanking({ db, projectId })!.version === 1) {
        expect(view).toMatchObject({ order: oldOrder, served: oldOrder.slice(0, 3), tags: new Set(["old"]), versions: new Set([1]), suggestionVersions: new Set(["v1"]), latest: 1 });
        // The new version is being written beside the old one.
        if (rowsOf(2) > 0) oldViews++;
      } else {
        expect(view).toMatchObject({ order: newOrder, served: newOrder.slice(0, 3), tags: new Set(["new"]), versions: new Set([2]), suggestionVersions: new Set(["v2"]), latest: 2 });
        // The old version's rows go in chunks after the switch, unread.
        if (rowsOf(1) > 0) newViews++;
      }
      if (step.done) {
        version = step.value;
        break;
      }
    }
    expect(version).toBe(2);
    expect(oldViews).toBeGreaterThan(5);
    expect(newViews).toBeGreaterThan(3);
    expect([rowsOf(1), rowsOf(2)]).toEqual([0, ITEMS]);
    expect(listClassifierVersions({ db, projectId }).map((v) => v.version)).toEqual([2, 1]);
  });

  it("keeps the rank of items the new order leaves out (null), and gives later imports rank 0 in both columns", () => {
    const [first, second, ...rest] = itemIds;
    runSteps(write([...rest, second!, first!], "old"));
    // The first item is closed by a label; the next ranking leaves it out.
    submitAnnotation({
      db,
      projectId,
      annotatorId: annotators[0]!,
      input: { id: randomUUID(), itemId: first!, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
    const newOrder = [second!, ...rest];
    runSteps(write(newOrder, "new"));
    expect(itemRanking({ db, projectId, itemRef: String(first) })!.item).toMatchObject({ open: false, queueRank: ITEMS });
    expect(rankedQueueHead({ db, projectId, limit: ITEMS }).map((item) => item.queueRank)).toEqual(newOrder.map((_, k) => k + 1));

    importItems({ db, projectId, fileName: "late.jsonl", format: "jsonl", actorId: null, records: [{ externalId: "late", text: "late", metadata: {}, contentHash: "hl" }] });
    runSteps(write(newOrder, "third"));
    // Not listed by the third ranking (imported after it read the items): unranked, first in the queue.
    expect(rankedQueueHead({ db, projectId, limit: 1 })[0]).toMatchObject({ externalId: "late", queueRank: 0, score: null });
  });

  it("leaves the live version in place when a write fails halfway, and the next write removes what it left", () => {
    runSteps(write([...itemIds], "old"));
    const before = seen();
    // An item id that does not exist fails its insert (foreign key) in the third chunk of scores.
    const scores: NewItemScore[] = [...itemIds.slice(0, 10), 999_999, ...itemIds.slice(10)].map((itemId) => ({ itemId, predicted: ["spam"], confidence: 0.9, score: 1, reason: { tag: "broken" } }));
    expect(() => runSteps(write([...itemIds].reverse(), "broken", { scores }))).toThrow(/FOREIGN KEY/);
    expect(rowsOf(2)).toBe(8);
    expect(db.select({ pending: projects.pendingClassifierVersion }).from(projects).get()).toEqual({ pending: 2 });
    const after = seen();
    expect(after).toMatchObject({ order: before.order, tags: new Set(["old"]), versions: new Set([1]), latest: 1 });
    expect(listClassifierVersions({ db, projectId }).map((v) => v.version)).toEqual([1]);

    // Version 2 is never reused: a writer elsewhere still holding it would take a new claim for its own.
    expect(runSteps(write([...itemIds].reverse(), "next"))).toBe(3);
    expect([rowsOf(1), rowsOf(2), rowsOf(3)]).toEqual([0, 0, ITEMS]);
    expect(db.select({ v: classifierVersions.version }).from(classifierVersions).all().map((row) => row.v)).toEqual([1, 3]);
    expect(seen()).toMatchObject({ order: [...itemIds].reverse(), tags: new Set(["next"]), versions: new Set([3]), latest: 3 });
    expect(db.select({ pending: projects.pendingClassifierVersion }).from(projects).get()).toEqual({ pending: null });
  });

  it("survives a process that stops mid-write: nothing of it is read, and the next write cleans up", () => {
    runSteps(write([...itemIds], "old"));
    const abandoned = write([...itemIds].reverse(), "abandoned");
    for (let k = 0; k < 12; k++) abandoned.next();
    expect(rowsOf(2)).toBeGreaterThan(0);
    expect(seen()).toMatchObject({ order: itemIds, tags: new Set(["old"]), latest: 1 });
    expect(runSteps(write([...itemIds].reverse(), "next"))).toBe(3);
    expect([rowsOf(1), rowsOf(2), rowsOf(3)]).toEqual([0, 0, ITEMS]);
  });

  it("stops a write that another writer took over, which then completes", () => {
    runSteps(write([...itemIds], "old"));
    const first = write([...itemIds].reverse(), "first");
    first.next(); // claims version 2
    first.next(); // cleans up, starts its scores
    const second = write([...itemIds].reverse(), "second");
    second.next(); // claims version 3, dropping version 2's row
    expect(() => runSteps(first)).toThrow(/another retrain \(version 3\) took over/);
    expect(runSteps(second)).toBe(3);
    expect([rowsOf(1), rowsOf(2), rowsOf(3)]).toEqual([0, 0, ITEMS]);
    expect(seen()).toMatchObject({ tags: new Set(["second"]), versions: new Set([3]), latest: 3 });
    expect(listClassifierVersions({ db, projectId }).map((v) => v.version)).toEqual([3, 1]);
  });
});
