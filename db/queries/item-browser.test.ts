import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, submitLabel, type SeededProject } from "../test-seed";
import { importItems } from "./items";
import { skipItem } from "./annotations";
import { browseItems, countItems, listItemImportBatches } from "./item-browser";
import { changeLabel, listManagedLabels } from "./label-management";
import { SEARCH_LIST_CAP, viewContext } from "./item-view-conditions";
import { items as itemsTable } from "../schema";
import { itemContentHash } from "@/lib/import/content-hash";
import type { ItemSort, ItemView } from "@/lib/browse/item-view";

let db: Db;
let close: () => Promise<void> | void;
let seed: SeededProject<"lead" | "a1" | "a2" | "a3", string>;
let secondBatch: number;

const TEXTS = {
  prize: "Win a FREE prize now",
  noon: "Meeting at noon tomorrow",
  lunch: "free lunch at the prize ceremony",
  mom: "call mom",
  quiet: "nothing here",
  plain: "another plain item",
} as const;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  seed = (await seedProject(db, {
    people: { lead: "lead", a1: "annotator", a2: "annotator", a3: "annotator" },
    project: { slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: Object.entries(TEXTS).map(([externalId, text]) => ({ externalId, text })),
  })) as typeof seed;
  // A second import batch, holding text full of FTS syntax.
  const hostile = 'Price: "FREE*" (NEAR) -minus OR AND prize^2';
  await importItems({
    db,
    projectId: seed.projectId,
    fileName: "more.jsonl",
    format: "jsonl",
    actorId: seed.people.lead,
    records: [{ externalId: "syntax", text: hostile, metadata: {}, contentHash: itemContentHash(hostile) }],
  });
  seed.items.syntax = (await db.select({ id: itemsTable.id }).from(itemsTable).where(eq(itemsTable.externalId, "syntax")))[0]!.id;
  secondBatch = (await listItemImportBatches({ db, projectId: seed.projectId }))[0]!.id;
  await seed.label("a1", "prize", ["spam"]);
  await seed.label("a2", "prize", ["spam"]); // unanimous spam, closed
  await seed.label("a1", "noon", ["ham"]);
  await seed.label("a2", "noon", ["spam"]); // a split: closed, in review
  await seed.label("a1", "lunch", ["ham"]); // one label of two: still open
  await seed.label("a3", "mom", ["spam"], { notSure: true }); // not sure: open, in review
  await seed.label("a3", "plain", ["ham"]);
  await seed.label("a3", "plain", ["spam"]); // a3 changed their mind: only spam is in force
  await skipItem({ db, projectId: seed.projectId, userId: seed.people.a1, itemId: seed.items.quiet!, reason: "unclear" });
});
afterAll(() => close());

async function ids(view: Partial<ItemView>): Promise<string[]> {
  const page = await browseItems({ db, projectId: seed.projectId, view: { sort: "id", ...view }, limit: 100 });
  return page.items.map((i) => i.externalId);
}

describe("browseItems filters", () => {
  it("lists every item in import order with its status, final label and annotations", async () => {
    const page = await browseItems({ db, projectId: seed.projectId, view: { sort: "id" } });
    expect(page.items.map((i) => i.externalId)).toEqual(["prize", "noon", "lunch", "mom", "quiet", "plain", "syntax"]);
    expect(await countItems({ db, projectId: seed.projectId, view: { sort: "id" } })).toEqual({ n: 7, more: false });
    expect(page.next).toBeNull();
    const prize = page.items[0]!;
    expect(prize).toMatchObject({ excerpt: TEXTS.prize, open: false, annotations: 2, method: "unanimous", finalLabels: ["spam"], agreement: 1, inReview: false });
    expect(page.items[4]).toMatchObject({ externalId: "quiet", skipped: true, annotations: 0, method: null, finalLabels: [] });
    expect(page.items[3]).toMatchObject({ externalId: "mom", notSure: true, inReview: true, open: true });
  });

  it("filters by each status", async () => {
    expect(await ids({ status: "open" })).toEqual(["lunch", "mom", "quiet", "plain", "syntax"]);
    expect(await ids({ status: "labelled" })).toEqual(["prize", "noon"]);
    expect(await ids({ status: "in_review" })).toEqual(["noon", "mom"]);
    expect(await ids({ status: "not_sure" })).toEqual(["mom"]);
    expect(await ids({ status: "skipped" })).toEqual(["quiet"]);
    expect(await ids({ status: "unanimous" })).toEqual(["prize"]);
    expect(await ids({ status: "adjudicated" })).toEqual([]);
  });

  it("filters by final label, by any annotator's label in force, by annotator and by import batch", async () => {
    // mom's one vote says spam, not sure: spam is its final label, and it waits for review.
    expect(await ids({ finalLabel: "spam" })).toEqual(["prize", "mom", "plain"]);
    expect(await ids({ finalLabel: "ham" })).toEqual(["lunch"]);
    // a3's superseded "ham" on plain no longer counts.
    expect(await ids({ anyLabel: "ham" })).toEqual(["noon", "lunch"]);
    expect(await ids({ anyLabel: "spam" })).toEqual(["prize", "noon", "mom", "plain"]);
    expect(await ids({ annotator: seed.people.a1 })).toEqual(["prize", "noon", "lunch"]);
    expect(await ids({ annotator: seed.people.a3 })).toEqual(["mom", "plain"]);
    expect(await ids({ batch: secondBatch })).toEqual(["syntax"]);
  });

  it("ANDs the filters together", async () => {
    expect(await ids({ annotator: seed.people.a1, anyLabel: "ham" })).toEqual(["noon", "lunch"]);
    expect(await ids({ annotator: seed.people.a1, anyLabel: "ham", status: "open" })).toEqual(["lunch"]);
    expect(await ids({ annotator: seed.people.a1, anyLabel: "ham", status: "open", search: "prize" })).toEqual(["lunch"]);
    expect(await ids({ annotator: seed.people.a1, anyLabel: "ham", status: "labelled", search: "prize" })).toEqual([]);
    expect(await ids({ finalLabel: "spam", anyLabel: "spam", annotator: seed.people.a3 })).toEqual(["mom", "plain"]);
    expect(await ids({ finalLabel: "spam", anyLabel: "spam", annotator: seed.people.a3, status: "not_sure" })).toEqual(["mom"]);
  });
});

describe("browseItems search", () => {
  it("finds items holding every word, in any case", async () => {
    expect(await ids({ search: "free" })).toEqual(["prize", "lunch", "syntax"]);
    expect(await ids({ search: "FREE prize" })).toEqual(["prize", "lunch", "syntax"]);
    expect(await ids({ search: "prize lunch" })).toEqual(["lunch"]);
    expect(await ids({ search: "mom" })).toEqual(["mom"]);
  });

  it("finds nothing for words no item holds", async () => {
    expect(await ids({ search: "zebra" })).toEqual([]);
    expect(await ids({ search: "free zebra" })).toEqual([]);
  });

  it("reads search syntax as plain words, never as an error", async () => {
    for (const hostile of ['"', '""', "*", "-", "free*", "-free", "NEAR(free prize)", "(free", "free)", "free OR zebra", "NOT", "AND", 'prize^2 "unclosed', "col:free", "'; drop table items; --", "\\", "%_"])
      await expect(ids({ search: hostile }), hostile).resolves.toBeInstanceOf(Array);
    // The operators are words: "OR" does not widen the search, a leading "-" does not exclude.
    expect(await ids({ search: "free OR zebra" })).toEqual([]);
    expect(await ids({ search: "-minus" })).toEqual(["syntax"]);
    expect(await ids({ search: "(NEAR)" })).toEqual(["syntax"]);
    expect(await ids({ search: '"FREE*"' })).toEqual(["prize", "lunch", "syntax"]);
    expect(await ids({ search: "* - ( )" })).toEqual([]);
    // Punctuation splits words on both databases alike: prize, 2 and minus, in any order.
    expect(await ids({ search: "minus -prize^2" })).toEqual(["syntax"]);
  });

  it("follows the text as items arrive, change and go", async () => {
    const text = "zebra crossing";
    await importItems({ db, projectId: seed.projectId, fileName: "z.jsonl", format: "jsonl", actorId: null, records: [{ externalId: "z", text, metadata: {}, contentHash: itemContentHash(text) }] });
    expect(await ids({ search: "zebra" })).toEqual(["z"]);
    await db.update(itemsTable).set({ text: "pelican crossing" }).where(eq(itemsTable.externalId, "z"));
    expect(await ids({ search: "zebra" })).toEqual([]);
    expect(await ids({ search: "pelican" })).toEqual(["z"]);
    await db.delete(itemsTable).where(eq(itemsTable.externalId, "z"));
    expect(await ids({ search: "pelican crossing" })).toEqual([]);
  });
});

describe("browseItems keyset pages", () => {
  async function allPages(sort: ItemSort, view: Partial<ItemView> = {}, limit = 2): Promise<string[][]> {
    const pages: string[][] = [];
    let after: ItemView["after"];
    for (;;) {
      const page = await browseItems({ db, projectId: seed.projectId, view: { ...view, sort, after }, limit });
      pages.push(page.items.map((i) => i.externalId));
      if (!page.next) return pages;
      after = page.next;
    }
  }

  it("walks the items in import order, newest first, and by agreement with its ties, losing and repeating nothing", async () => {
    expect(await allPages("id")).toEqual([["prize", "noon"], ["lunch", "mom"], ["quiet", "plain"], ["syntax"]]);
    expect(await allPages("-id")).toEqual([["syntax", "plain"], ["quiet", "mom"], ["lunch", "noon"], ["prize"]]);
    // noon (agreement 0.5), prize (1), then the five items with no agreement (one vote: lunch,
    // mom, plain; no vote: quiet, syntax), tied on the sort key, by id.
    const byAgreement = await browseItems({ db, projectId: seed.projectId, view: { sort: "agreement" }, limit: 100 });
    expect(byAgreement.items.map((i) => [i.externalId, i.agreement])).toEqual([
      ["noon", 0.5],
      ["prize", 1],
      ["lunch", null],
      ["mom", null],
      ["quiet", null],
      ["plain", null],
      ["syntax", null],
    ]);
    expect(await allPages("agreement")).toEqual([["noon", "prize"], ["lunch", "mom"], ["quiet", "plain"], ["syntax"]]);
    expect((await allPages("agreement", {}, 3)).flat()).toEqual(byAgreement.items.map((i) => i.externalId));
  });

  it("pages a filtered view, and counts the whole view on every page", async () => {
    expect(await allPages("id", { search: "free" }, 1)).toEqual([["prize"], ["lunch"], ["syntax"]]);
    const second = await browseItems({ db, projectId: seed.projectId, view: { sort: "id", status: "open", after: { key: 0, id: seed.items.mom! } }, limit: 2 });
    expect(second.items.map((i) => i.externalId)).toEqual(["quiet", "plain"]);
    // The count is of the view, wherever the page starts.
    expect(await countItems({ db, projectId: seed.projectId, view: { sort: "id", status: "open", after: { key: 0, id: seed.items.mom! } } })).toEqual({ n: 5, more: false });
    expect(await countItems({ db, projectId: seed.projectId, view: { sort: "id", search: "free", status: "open" } })).toEqual({ n: 2, more: false });
  });
});

/**
 * A project whose first item, "quiet", holds "plenty" only in its note, then SEARCH_LIST_CAP + 4
 * items p0, p1, … whose text is "plenty of item <i>", every 500th also "seldom": too many for the
 * search to be listed by id.
 */
async function plentyProject(slug: string) {
  // Each project its own annotator: seedProject names users by their key.
  const person = `noter-${slug}`;
  const project = await seedProject(db, { people: { [person]: "annotator" }, project: { slug, labels: ["ham", "spam"] }, items: [{ externalId: "quiet", text: "a quiet corner" }] });
  await project.label(person, "quiet", ["ham"], { note: "Plenty of noise outside" });
  const n = SEARCH_LIST_CAP + 4;
  await importItems({
    db,
    projectId: project.projectId,
    fileName: "plenty.jsonl",
    format: "jsonl",
    actorId: null,
    records: Array.from({ length: n }, (_, i) => {
      const text = `plenty of item ${i}${i % 500 === 0 ? " seldom" : ""}`;
      return { externalId: `p${i}`, text, metadata: {}, contentHash: itemContentHash(text) };
    }),
  });
  const idOf = async (externalId: string) =>
    (await db.select({ id: itemsTable.id }).from(itemsTable).where(and(eq(itemsTable.projectId, project.projectId), eq(itemsTable.externalId, externalId))))[0]!.id;
  return { other: project, noter: project.people[person]!, n, idOf };
}

describe("browseItems search finding more items than the list it fetches by id", () => {
  // A search for "plenty" is read in id order (on SQLite from FTS5's stream of text matches,
  // merged with the note's item) or stays a condition on each item; one for "seldom" is fetched
  // by id: all must page and count alike.
  it("pages and counts the same either way, in every order", async () => {
    const { other, n } = await plentyProject("plenty");
    const page = async (search: string, sort: ItemSort, after?: ItemView["after"]) =>
      browseItems({ db, projectId: other.projectId, view: { sort, search, after }, limit: 3 });
    const names = (p: { items: { externalId: string }[] }) => p.items.map((i) => i.externalId);

    const first = await page("plenty", "id");
    expect(names(first)).toEqual(["quiet", "p0", "p1"]);
    expect(names(await page("plenty", "id", first.next!))).toEqual(["p2", "p3", "p4"]);
    const newest = await page("plenty", "-id");
    expect(names(newest)).toEqual([`p${n - 1}`, `p${n - 2}`, `p${n - 3}`]);
    expect(names(await page("plenty", "-id", { key: 0, id: other.items.quiet! + 3 }))).toEqual(["p1", "p0", "quiet"]);
    expect(names(await page("plenty", "agreement"))).toEqual(["quiet", "p0", "p1"]);
    expect(await countItems({ db, projectId: other.projectId, view: { sort: "id", search: "plenty" } })).toEqual({ n: n + 1, more: false });

    const seldom = await page("seldom", "id");
    expect(names(seldom)).toEqual(["p0", "p500", "p1000"]);
    expect(names(await page("seldom", "id", seldom.next!))).toEqual(["p1500", "p2000"]);
    expect(names(await page("seldom", "-id"))).toEqual(["p2000", "p1500", "p1000"]);
    expect(names(await page("plenty seldom", "agreement"))).toEqual(["p0", "p500", "p1000"]);
    expect(await countItems({ db, projectId: other.projectId, view: { sort: "id", search: "seldom" } })).toEqual({ n: 5, more: false });
    // The first project's items are not this one's, whichever way the search is answered.
    expect(await ids({ search: "plenty" })).toEqual([]);
  });
});

describe("browseItems filters matching few items, with a search matching many", () => {
  // plentyProject's items, with two skipped: the note's and p7.
  it("lists the few items from the filter's index, tests the search on them, and pages and counts them in every order", async () => {
    const { other, noter, n, idOf } = await plentyProject("sparse");
    const p7 = await idOf("p7");
    await skipItem({ db, projectId: other.projectId, userId: noter, itemId: other.items.quiet!, reason: "unclear" });
    await skipItem({ db, projectId: other.projectId, userId: noter, itemId: p7, reason: "unclear" });
    const plentyBatch = (await listItemImportBatches({ db, projectId: other.projectId }))[0]!.id;
    const view = (v: Partial<ItemView>): ItemView => ({ sort: "id", ...v });
    const names = async (v: Partial<ItemView>, limit = 100) => (await browseItems({ db, projectId: other.projectId, view: view(v), limit })).items.map((i) => i.externalId);
    const context = (v: Partial<ItemView>) => viewContext({ db, projectId: other.projectId, view: view(v) });

    // Skips list two items; "plenty" holds for both (the text of one, the note of the other), "item" for p7 only.
    // By id the page reads the skips' list in order; by agreement the list's few passing items are
    // searched at once.
    expect((await context({ search: "plenty", status: "skipped" })).driverIds?.sort((a, b) => a - b)).toEqual([other.items.quiet!, p7]);
    expect((await context({ search: "plenty", status: "skipped", sort: "agreement" })).filterMatches?.sort((a, b) => a - b)).toEqual([other.items.quiet!, p7]);
    expect(await names({ search: "plenty", status: "skipped", sort: "agreement" })).toEqual(["quiet", "p7"]);
    expect(await names({ search: "plenty", status: "skipped" })).toEqual(["quiet", "p7"]);
    expect(await names({ search: "plenty", status: "skipped", sort: "-id" })).toEqual(["p7", "quiet"]);
    expect(await names({ search: "item", status: "skipped" })).toEqual(["p7"]);
    expect(await names({ search: "item", status: "skipped", finalLabel: "ham" })).toEqual([]);
    expect(await countItems({ db, projectId: other.projectId, view: view({ search: "plenty", status: "skipped" }) })).toEqual({ n: 2, more: false });
    const firstPage = await browseItems({ db, projectId: other.projectId, view: view({ search: "plenty", status: "skipped" }), limit: 1 });
    expect(firstPage.items.map((i) => i.externalId)).toEqual(["quiet"]);
    expect(await names({ search: "plenty", status: "skipped", after: firstPage.next! })).toEqual(["p7"]);
    // Without a search, the skips' index lists the two, and the page is fetched among them.
    expect((await context({ status: "skipped" })).driverIds?.sort((a, b) => a - b)).toEqual([other.items.quiet!, p7]);
    expect(await names({ status: "skipped", sort: "-id" })).toEqual(["p7", "quiet"]);
    expect(await names({ status: "skipped", sort: "agreement" })).toEqual(["quiet", "p7"]);
    expect(await names({ status: "skipped", anyLabel: "ham" })).toEqual(["quiet"]);
    expect(await countItems({ db, projectId: other.projectId, view: view({ status: "skipped" }) })).toEqual({ n: 2, more: false });
    // The one labelled item, listed from the queue's index: its note matches, its text does not.
    expect(await names({ search: "plenty", status: "labelled" })).toEqual(["quiet"]);
    expect(await names({ search: "corner", status: "labelled", annotator: noter })).toEqual(["quiet"]);
    // Its one vote resolved it, listed from the resolutions' method index.
    expect((await context({ search: "plenty", status: "single", sort: "agreement" })).filterMatches).toEqual([other.items.quiet!]);
    expect(await names({ search: "plenty", status: "single" })).toEqual(["quiet"]);
    expect(await names({ search: "plenty", status: "unanimous" })).toEqual([]);

    // Sorted by agreement, the batch's list lets more items through than are searched at once: the
    // view is walked as before. By id, the list is read in order, the search tested chunk by chunk.
    expect((await context({ search: "plenty", batch: plentyBatch, sort: "agreement" })).filterMatches).toBeNull();
    expect(await names({ search: "plenty", batch: plentyBatch, sort: "agreement" }, 3)).toEqual(["p0", "p1", "p2"]);
    expect(await names({ search: "plenty", batch: plentyBatch, sort: "-id" }, 3)).toEqual([`p${n - 1}`, `p${n - 2}`, `p${n - 3}`]);
    expect(await names({ search: "item 2003", batch: plentyBatch })).toEqual([`p${n - 1}`]);
    expect(await names({ search: "plenty", batch: plentyBatch }, 3)).toEqual(["p0", "p1", "p2"]);
    expect(await names({ search: "plenty", batch: plentyBatch, status: "skipped" })).toEqual(["p7"]);
    expect(await countItems({ db, projectId: other.projectId, view: view({ search: "plenty", batch: plentyBatch }) })).toEqual({ n, more: false });
    // The batch's list drives a view whose other filter only its last item passes: the list is read
    // in the page's order, chunk by chunk, to its end.
    await submitLabel({ db, projectId: other.projectId, annotatorId: noter, itemId: await idOf(`p${n - 1}`), labels: ["spam"] });
    expect((await context({ batch: plentyBatch, anyLabel: "spam" })).driverIds).toHaveLength(n);
    expect(await names({ batch: plentyBatch, anyLabel: "spam" })).toEqual([`p${n - 1}`]);
    expect(await names({ batch: plentyBatch, anyLabel: "spam", sort: "-id" })).toEqual([`p${n - 1}`]);
    expect(await names({ batch: plentyBatch, anyLabel: "spam", sort: "agreement" })).toEqual([`p${n - 1}`]);
    const skippedFirst = await browseItems({ db, projectId: other.projectId, view: view({ status: "skipped" }), limit: 1 });
    expect(skippedFirst.items.map((i) => i.externalId)).toEqual(["quiet"]);
    expect(await names({ status: "skipped", after: skippedFirst.next! })).toEqual(["p7"]);
    // The final labels' table lists the item resolved "ham", and the one resolved "spam" above;
    // the search and the other filters are tested on those alone.
    expect((await context({ search: "plenty", finalLabel: "ham" })).driverIds).toEqual([other.items.quiet!]);
    expect(await names({ search: "plenty", finalLabel: "ham" })).toEqual(["quiet"]);
    expect((await context({ search: "plenty", finalLabel: "spam", sort: "agreement" })).filterMatches).toEqual([await idOf(`p${n - 1}`)]);
    expect(await names({ search: "plenty", finalLabel: "spam", sort: "-id" })).toEqual([`p${n - 1}`]);
    expect(await names({ search: "plenty", finalLabel: "spam", status: "skipped" })).toEqual([]);
    expect(await countItems({ db, projectId: other.projectId, view: view({ search: "plenty", finalLabel: "spam" }) })).toEqual({ n: 1, more: false });
    // A filter no index answers leaves the view walked.
    expect((await context({ search: "plenty", anyLabel: "ham", sort: "agreement" })).filterMatches).toBeNull();
    expect((await context({ search: "plenty", anyLabel: "ham" })).driverIds).toBeNull();
    expect(await names({ search: "plenty", anyLabel: "ham" })).toEqual(["quiet"]);
    // The first project's skipped item is not this one's.
    expect(await ids({ search: "nothing", status: "skipped" })).toEqual(["quiet"]);

    // Renamed, "ham" reads as "fine" before the stored resolutions are refreshed: the table still
    // holds the old name, which the list asks for too.
    const ham = (await listManagedLabels({ db, projectId: other.projectId })).find((l) => l.name === "ham")!;
    await changeLabel({ db, projectId: other.projectId, actorId: noter, change: { action: "rename", labelId: ham.id, name: "fine" } });
    expect((await context({ search: "plenty", finalLabel: "fine" })).driverIds).toEqual([other.items.quiet!]);
    expect(await names({ search: "plenty", finalLabel: "fine" })).toEqual(["quiet"]);
  });
});

// Last in the file: it adds items and labels that the views above do not expect.
describe("browseItems search over notes", () => {
  it("finds an item by a word of an annotator's note as well as of its text, superseded notes included", async () => {
    const texts = { parcel: "where is my parcel", cake: "free cake in the kitchen" };
    await importItems({
      db,
      projectId: seed.projectId,
      fileName: "notes.jsonl",
      format: "jsonl",
      actorId: null,
      records: Object.entries(texts).map(([externalId, text]) => ({ externalId, text, metadata: {}, contentHash: itemContentHash(text) })),
    });
    for (const row of await db.select({ id: itemsTable.id, externalId: itemsTable.externalId }).from(itemsTable).where(eq(itemsTable.projectId, seed.projectId))) {
      seed.items[row.externalId] = row.id;
    }
    // "parcel" says nothing of a refund; a3's note on it does. A later label without a note
    // supersedes that annotation, and the note stays searchable as part of the item's history.
    expect(await ids({ search: "refund" })).toEqual([]);
    await seed.label("a3", "parcel", ["ham"], { note: "Asks for a REFUND politely" });
    expect(await ids({ search: "refund" })).toEqual(["parcel"]);
    expect(await ids({ search: "refund politely" })).toEqual(["parcel"]);
    expect(await ids({ search: "refund cake" })).toEqual([]);
    await seed.label("a3", "parcel", ["spam"]);
    expect(await ids({ search: "refund" })).toEqual(["parcel"]);
    // A word in one item's note and in other items' text: each item found its own way, once.
    await seed.label("a3", "parcel", ["spam"], { note: "free shipping promised" });
    expect(await ids({ search: "free" })).toEqual(["prize", "lunch", "syntax", "parcel", "cake"]);
    expect(await ids({ search: "free", status: "open" })).toEqual(["lunch", "syntax", "parcel", "cake"]);
  });
});
