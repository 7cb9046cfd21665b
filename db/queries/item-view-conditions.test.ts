// The data browser's filters beyond status, labels and text (issue 14): agreement, suggestion
// source and what the annotators did with it, the live model's uncertainty and queue position,
// the split of an export snapshot, and metadata fields; on a project built row by row so every
// expected list is worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, type SeededProject } from "../test-seed";
import { submitAnnotation } from "./annotations";
import { browseItems, countItems } from "./item-browser";
import { matchingItemIds } from "./bulk-item-targets";
import { exportSnapshotRecords, exportSnapshots, itemScores, items as itemsTable, projects, suggestions } from "../schema";
import type { ItemSort, ItemView } from "@/lib/browse/item-view";
import type { ExportRecord } from "@/lib/export/export-record";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";

type Item = "i1" | "i2" | "i3" | "i4" | "i5" | "i6" | "i7";
let db: Db;
let close: () => Promise<void> | void;
let seed: SeededProject<"lead" | "a1" | "a2", Item>;
let snapshot: number;
let otherSnapshot: number;

async function suggest(item: Item, sourceKind: "llm" | "model" | "import", labels: string[], status: "ok" | "parse_error" = "ok"): Promise<number> {
  const [row] = await db
    .insert(suggestions)
    .values({ projectId: seed.projectId, itemId: seed.items[item], sourceKind, modelName: `${sourceKind}-model`, labels, status })
    .returning({ id: suggestions.id });
  return row!.id;
}

async function answer(person: "a1" | "a2", item: Item, labels: string[], suggestionId: number, rejected = false): Promise<void> {
  await submitAnnotation({
    db,
    projectId: seed.projectId,
    annotatorId: seed.people[person],
    input: { id: randomUUID(), itemId: seed.items[item], labels, notSure: false, suggestionId, suggestionShown: true, rejectedSuggestion: rejected },
  });
}

async function freeze(name: string, records: [Item, "train" | "validation" | "test"][]): Promise<number> {
  const [row] = await db
    .insert(exportSnapshots)
    .values({ projectId: seed.projectId, name, rules: {} as SnapshotRules, labelSetVersion: 1, counts: {} as SnapshotCounts })
    .returning({ id: exportSnapshots.id });
  await db.insert(exportSnapshotRecords).values(
    records.map(([item, split]) => ({ snapshotId: row!.id, itemId: seed.items[item], record: { id: item, text: item, labels: ["ham"], split } as ExportRecord })),
  );
  return row!.id;
}

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  seed = (await seedProject(db, {
    people: { lead: "lead", a1: "annotator", a2: "annotator" },
    project: { slug: "news", labels: ["ham", "spam"], overlap: 2 },
    items: [
      { externalId: "i1", text: "alpha", metadata: { source: "web", lang: { code: "en" }, n: 5, flag: true } },
      { externalId: "i2", text: "beta", metadata: { source: "sms" } },
      { externalId: "i3", text: "gamma", metadata: { source: "web", n: 7 } },
      { externalId: "i4", text: "delta", metadata: {} },
      { externalId: "i5", text: "epsilon", metadata: { source: "web", lang: { code: "de" } } },
      { externalId: "i6", text: "zeta" },
      { externalId: "i7", text: "eta", metadata: { source: "Web" } },
    ],
  })) as typeof seed;
  const s1 = await suggest("i1", "llm", ["spam"]);
  const s2 = await suggest("i2", "model", ["ham"]);
  const s3 = await suggest("i3", "llm", ["spam"]);
  const s4 = await suggest("i4", "import", ["ham"]);
  await suggest("i5", "llm", [], "parse_error");
  await answer("a1", "i1", ["spam"], s1);
  await answer("a2", "i1", ["spam"], s1); // both accepted: agreement 1
  await answer("a1", "i2", ["ham"], s2);
  await answer("a2", "i2", ["spam"], s2); // one accepted, one changed: agreement 0.5
  await answer("a1", "i3", ["ham"], s3, true); // rejected; one label of two, so no agreement yet
  await answer("a1", "i4", ["ham"], s4);
  await answer("a1", "i4", ["spam"], s4); // a1 changed their mind: the acceptance no longer counts
  await seed.label("a2", "i4", ["spam"]); // agreement 1
  // The live classifier is version 3 and the queue reads rank column 1; version 2's scores and
  // column 0's ranks are stale and must not count.
  await db.update(projects).set({ classifierVersion: 3, queueSlot: 1 }).where(eq(projects.id, seed.projectId));
  const score = (item: Item, version: number, reason: Record<string, unknown>) => ({
    itemId: seed.items[item],
    projectId: seed.projectId,
    classifierVersion: version,
    predicted: ["ham"],
    confidence: 0.5,
    score: 0,
    reason,
  });
  await db
    .insert(itemScores)
    .values([
      score("i1", 3, { uncertainty: 0.9 }),
      score("i1", 2, { uncertainty: 0.1 }),
      score("i2", 3, { uncertainty: 0.5 }),
      score("i3", 3, { uncertainty: 0.2 }),
      score("i5", 3, { strategy: "margin" }),
    ]);
  const ranks: Record<Item, [number, number]> = { i1: [0, 0], i2: [0, 0], i3: [0, 3], i4: [0, 0], i5: [9, 1], i6: [9, 2], i7: [0, 2] };
  for (const [item, [rank0, rank1]] of Object.entries(ranks)) await db.update(itemsTable).set({ queueRank0: rank0, queueRank1: rank1 }).where(eq(itemsTable.id, seed.items[item as Item]));
  snapshot = await freeze("v1", [
    ["i1", "train"],
    ["i2", "test"],
    ["i4", "train"],
  ]);
  otherSnapshot = await freeze("v2", [["i3", "train"]]);
});
afterAll(() => close());

async function ids(view: Partial<ItemView>): Promise<string[]> {
  const page = await browseItems({ db, projectId: seed.projectId, view: { sort: "id", ...view }, limit: 100 });
  return page.items.map((i) => i.externalId);
}

describe("browseItems: agreement", () => {
  it("keeps items whose agreement lies in the range, bounds included; items without one never match", async () => {
    expect(await ids({ agreement: { min: 0.75 } })).toEqual(["i1", "i4"]);
    expect(await ids({ agreement: { max: 0.5 } })).toEqual(["i2"]);
    expect(await ids({ agreement: { min: 0.5, max: 0.5 } })).toEqual(["i2"]);
    expect(await ids({ agreement: { min: 0, max: 1 } })).toEqual(["i1", "i2", "i4"]);
    expect(await ids({ agreement: { min: 0.6, max: 0.9 } })).toEqual([]);
  });
});

describe("browseItems: suggestions and what the annotators did with them", () => {
  it("keeps items with an accepted-format suggestion from the source (a parse error is none)", async () => {
    expect(await ids({ suggestionSource: "llm" })).toEqual(["i1", "i3"]);
    expect(await ids({ suggestionSource: "model" })).toEqual(["i2"]);
    expect(await ids({ suggestionSource: "import" })).toEqual(["i4"]);
  });

  it("tells items where every answer in force accepted the suggestion from those where one changed or rejected it", async () => {
    expect(await ids({ humans: "agreed" })).toEqual(["i1"]);
    // i2: one changed; i3: rejected; i4: the acceptance was superseded by a change.
    expect(await ids({ humans: "disagreed" })).toEqual(["i2", "i3", "i4"]);
    expect(await ids({ suggestionSource: "llm", humans: "agreed" })).toEqual(["i1"]);
    expect(await ids({ suggestionSource: "llm", humans: "disagreed" })).toEqual(["i3"]);
    expect(await ids({ suggestionSource: "model", humans: "agreed" })).toEqual([]);
    expect(await ids({ suggestionSource: "import", humans: "disagreed" })).toEqual(["i4"]);
    expect(await ids({ suggestionSource: "import", humans: "agreed" })).toEqual([]);
  });
});

describe("browseItems: the live model", () => {
  it("filters by the live classifier version's uncertainty, never an older version's", async () => {
    expect(await ids({ uncertainty: { min: 0.5 } })).toEqual(["i1", "i2"]);
    expect(await ids({ uncertainty: { max: 0.3 } })).toEqual(["i3"]);
    expect(await ids({ uncertainty: { min: 0, max: 1 } })).toEqual(["i1", "i2", "i3"]);
  });

  it("keeps the first N open items in the live queue order (rank, then id); closed items have no place", async () => {
    // Open: i3 (one label of two), i5, i6, i7. Live ranks (column 1): i5 1, i6 2, i7 2, i3 3.
    expect(await ids({ queueTop: 1 })).toEqual(["i5"]);
    expect(await ids({ queueTop: 2 })).toEqual(["i5", "i6"]);
    expect(await ids({ queueTop: 3 })).toEqual(["i5", "i6", "i7"]);
    expect(await ids({ queueTop: 100 })).toEqual(["i3", "i5", "i6", "i7"]);
    expect(await ids({ queueTop: 3, sort: "-id" })).toEqual(["i7", "i6", "i5"]);
  });
});

describe("browseItems: export snapshots and metadata", () => {
  it("keeps the items frozen in a snapshot, and in one split of it", async () => {
    expect(await ids({ snapshot })).toEqual(["i1", "i2", "i4"]);
    expect(await ids({ snapshot, split: "train" })).toEqual(["i1", "i4"]);
    expect(await ids({ snapshot, split: "test" })).toEqual(["i2"]);
    expect(await ids({ snapshot, split: "validation" })).toEqual([]);
    expect(await ids({ snapshot: otherSnapshot, split: "train" })).toEqual(["i3"]);
  });

  it("matches a metadata field's value exactly, nested fields, numbers and booleans as JSON writes them", async () => {
    expect(await ids({ metadata: [{ path: ["source"], value: "web" }] })).toEqual(["i1", "i3", "i5"]);
    expect(await ids({ metadata: [{ path: ["source"], value: "Web" }] })).toEqual(["i7"]);
    expect(await ids({ metadata: [{ path: ["lang", "code"], value: "en" }] })).toEqual(["i1"]);
    expect(await ids({ metadata: [{ path: ["n"], value: "7" }] })).toEqual(["i3"]);
    expect(await ids({ metadata: [{ path: ["flag"], value: "true" }] })).toEqual(["i1"]);
    expect(
      await ids({
        metadata: [
          { path: ["source"], value: "web" },
          { path: ["n"], value: "5" },
        ],
      }),
    ).toEqual(["i1"]);
    expect(await ids({ metadata: [{ path: ["source"], value: "web' or 1=1 --" }] })).toEqual([]);
    expect(await ids({ metadata: [{ path: ["missing"], value: "" }] })).toEqual([]);
  });
});

describe("the new filters together", () => {
  it("ANDs them with each other and the older filters, counts them, and hands a bulk action the same items", async () => {
    const view: Partial<ItemView> = { metadata: [{ path: ["source"], value: "web" }], suggestionSource: "llm" };
    expect(await ids(view)).toEqual(["i1", "i3"]);
    expect(await ids({ ...view, status: "open" })).toEqual(["i3"]);
    expect(await ids({ ...view, uncertainty: { min: 0.5 }, agreement: { min: 1 }, snapshot, split: "train" })).toEqual(["i1"]);
    expect(await countItems({ db, projectId: seed.projectId, view: { sort: "id", ...view } })).toEqual({ n: 2, more: false });
    expect(await matchingItemIds({ db, projectId: seed.projectId, view: { sort: "id", queueTop: 2 }, afterId: 0, limit: 10 })).toEqual([seed.items.i5, seed.items.i6]);
  });

  it("walks a filtered view page by page in every sort, losing and repeating nothing", async () => {
    const view: Partial<ItemView> = { humans: "disagreed" };
    for (const [sort, expected] of [
      ["id", ["i2", "i3", "i4"]],
      ["-id", ["i4", "i3", "i2"]],
      // i2 0.5, i4 1, then i3 with no agreement.
      ["agreement", ["i2", "i4", "i3"]],
    ] as [ItemSort, string[]][]) {
      const seen: string[] = [];
      let after: ItemView["after"];
      for (;;) {
        const page = await browseItems({ db, projectId: seed.projectId, view: { ...view, sort, after }, limit: 1 });
        seen.push(...page.items.map((i) => i.externalId));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen, sort).toEqual(expected);
    }
  });
});
