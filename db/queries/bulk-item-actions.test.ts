// Bulk actions on a real database (SQLite, and PostgreSQL when GOLDSET_TEST_PG_URL is set): a
// project at overlap 2 with five items whose states are worked out by hand below, each action on a
// selection and on a filtered set, twice (the second time changes nothing), and the job around them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { adjudications, auditLog, goldItems, itemExclusions, itemResolutions, items as itemsTable } from "../schema";
import { seedProject } from "../test-seed";
import { applyBulkAction } from "./bulk-item-actions";
import { browseItems } from "./item-browser";
import { markGoldItems } from "./gold";
import { itemExclusionRecords } from "./item-exclusions";
import { reviewQueue } from "./review";
import type { ItemView } from "@/lib/browse/item-view";
import type { BulkAction, BulkResult, BulkTarget } from "@/lib/bulk/bulk-action";
import { requestBulkAction, runBulkAction } from "@/lib/bulk/server/bulk-items-job";
import { resultOf } from "@/lib/jobs/job-test-support";

const ITEMS = ["agreed", "split", "half", "fresh", "alike"] as const;
type ItemKey = (typeof ITEMS)[number];

let db: Db;
let close: () => Promise<void> | void;
let projectId: string;
let lead: string;
let rev: string;
let ids: Record<ItemKey, number>;
let otherItem: number;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", rev: "reviewer", a1: "annotator", a2: "annotator" },
    project: { slug: "bulk", labels: ["ham", "spam"], overlap: 2 },
    items: ITEMS,
  });
  ({ projectId } = seed);
  ({ lead, rev } = seed.people);
  ids = seed.items;
  await seed.label("a1", "agreed", ["spam"]);
  await seed.label("a2", "agreed", ["spam"]); // unanimous: labelled, not in review
  await seed.label("a1", "split", ["ham"]);
  await seed.label("a2", "split", ["spam"]); // a split: labelled, in review
  await seed.label("a1", "half", ["ham"]); // one label of two: open
  // fresh: nobody labelled it: open, no resolution row
  await seed.label("a1", "alike", ["ham"]);
  await seed.label("a2", "alike", ["ham"]); // unanimous: labelled, not in review
  const other = await seedProject(db, { project: { slug: "other", labels: ["x"] }, items: ["elsewhere"] });
  otherItem = other.items.elsewhere;
});
afterEach(() => close());

const select = (...keys: ItemKey[]) => keys.map((k) => ids[k]);

async function apply(action: BulkAction, ...keys: ItemKey[]) {
  return applyBulkAction({ db, projectId, action, itemIds: select(...keys), actorId: lead, jobId: null });
}

/** Runs a bulk-items job to its end, as the route queues it. */
async function job(action: BulkAction, target: BulkTarget): Promise<BulkResult> {
  return resultOf<BulkResult>(db, requestBulkAction({ db, projectId, payload: { action, target, reason: "", actorId: lead } }));
}

async function browsed(view: Partial<ItemView> = {}): Promise<string[]> {
  return (await browseItems({ db, projectId, view: { sort: "id", ...view }, limit: 100 })).items.map((i) => i.externalId);
}

async function itemState(key: ItemKey) {
  return (
    await db
      .select({ open: itemsTable.open, extra: itemsTable.extraAnnotations, need: itemResolutions.reviewNeed, reasons: itemResolutions.reviewReasons })
      .from(itemsTable)
      .leftJoin(itemResolutions, eq(itemResolutions.itemId, itemsTable.id))
      .where(eq(itemsTable.id, ids[key]))
  )[0]!;
}

describe("exclude from exports and include again", () => {
  it("excludes a selection once, counts what was excluded already, and the browser filters and marks it", async () => {
    expect(await apply("exclude", "agreed", "split")).toEqual({ changed: 2, already: 0 });
    expect(await apply("exclude", "agreed", "half")).toEqual({ changed: 1, already: 1 });
    expect(await browsed({ excluded: true })).toEqual(["agreed", "split", "half"]);
    expect(await browsed({ excluded: false })).toEqual(["fresh", "alike"]);
    const page = await browseItems({ db, projectId, view: { sort: "id" } });
    expect(page.items.map((i) => [i.externalId, i.excluded])).toEqual([
      ["agreed", true],
      ["split", true],
      ["half", true],
      ["fresh", false],
      ["alike", false],
    ]);
  });

  it("reverts exclusions, keeping them on record, and allows one in force per item when excluded again", async () => {
    await apply("exclude", "agreed", "split");
    expect(await apply("include", "agreed", "fresh")).toEqual({ changed: 1, already: 1 });
    expect(await browsed({ excluded: true })).toEqual(["split"]);
    expect(await apply("exclude", "agreed")).toEqual({ changed: 1, already: 0 });
    const records = await itemExclusionRecords({ db, itemId: ids.agreed });
    expect(records.map((r) => [r.by, r.revertedBy, r.revertedAt === null])).toEqual([
      ["lead", "lead", false],
      ["lead", null, true],
    ]);
    // The same item asked for twice in one batch is excluded once.
    expect(await applyBulkAction({ db, projectId, action: "exclude", itemIds: [ids.fresh, ids.fresh], actorId: lead, jobId: null })).toEqual({ changed: 1, already: 0 });
    const fresh = await db.select().from(itemExclusions).where(eq(itemExclusions.itemId, ids.fresh));
    expect(fresh).toHaveLength(1);
  });
});

describe("reopen", () => {
  it("reopens the labelled items a filter matches for one more label, and finds them open the second time", async () => {
    // labelled: agreed, split, alike (2 labels each, overlap 2).
    expect(await job("reopen", { kind: "filter", query: "status=labelled" })).toEqual({ action: "reopen", changed: 3, already: 0, missing: 0 });
    for (const key of ["agreed", "split", "alike"] as const) expect(await itemState(key)).toMatchObject({ open: true, extra: 1 });
    // split waits for its third label now, so its disagreement is not judged yet.
    expect(await itemState("split")).toMatchObject({ need: 0 });
    expect(await browsed({ status: "labelled" })).toEqual([]);
    expect(await apply("reopen", "agreed", "half", "fresh")).toEqual({ changed: 0, already: 3 });
    expect(await itemState("half")).toMatchObject({ open: true, extra: 0 });
  });
});

describe("request one more annotation", () => {
  it("sends items back as a reviewer does, once while the annotation is awaited", async () => {
    expect(await apply("request_annotation", "split", "agreed")).toEqual({ changed: 2, already: 0 });
    expect(await itemState("split")).toMatchObject({ open: true, extra: 1, need: 0 });
    const sentBack = await db
      .select({ action: adjudications.action, extra: adjudications.extraAnnotations, reviewer: adjudications.reviewerId })
      .from(adjudications)
      .where(eq(adjudications.itemId, ids.split));
    expect(sentBack).toEqual([{ action: "send_back", extra: 1, reviewer: lead }]);
    expect(await apply("request_annotation", "split", "agreed")).toEqual({ changed: 0, already: 2 });
    expect(await itemState("agreed")).toMatchObject({ extra: 1 });
  });

  it("on a filtered set: open items (short of their overlap) are already waiting for annotations, and nothing is written for them", async () => {
    expect(await job("request_annotation", { kind: "filter", query: "status=open" })).toEqual({ action: "request_annotation", changed: 0, already: 2, missing: 0 });
    expect(await itemState("half")).toMatchObject({ open: true, extra: 0 });
    expect(await db.select().from(adjudications)).toEqual([]);
    expect(await job("request_annotation", { kind: "filter", query: "" })).toEqual({ action: "request_annotation", changed: 3, already: 2, missing: 0 });
  });
});

describe("send to review", () => {
  it("puts the items a filter matches in the review queue with the reason 'requested'; one already there counts as already", async () => {
    expect(await job("send_to_review", { kind: "filter", query: "status=labelled" })).toEqual({ action: "send_to_review", changed: 2, already: 1, missing: 0 });
    const queue = await reviewQueue({ db, projectId, reviewerId: rev, includeOwn: true });
    // split was waiting for its disagreement; the request keeps it there whatever its labels do next.
    expect(queue.map((q) => [q.externalId, q.reasons])).toEqual([
      ["split", ["disagreement", "requested"]],
      ["agreed", ["requested"]],
      ["alike", ["requested"]],
    ]);
    expect(await job("send_to_review", { kind: "filter", query: "status=labelled" })).toMatchObject({ changed: 0, already: 3 });
  });

  it("gives an item nobody labelled a resolution so a reviewer can decide it", async () => {
    expect(await apply("send_to_review", "fresh")).toEqual({ changed: 1, already: 0 });
    const queue = await reviewQueue({ db, projectId, reviewerId: rev, includeOwn: false, reason: "requested" });
    expect(queue.map((q) => [q.externalId, q.method, q.need])).toEqual([["fresh", "unresolved", 1]]);
  });
});

describe("add to the gold set", () => {
  it("takes each item's final label as its known answer, leaves out items without one and keeps an answer already given", async () => {
    // half was marked gold by hand with another answer than its one vote: that answer stays.
    await markGoldItems({ db, projectId, actorId: lead, source: "manual", answers: [{ itemId: ids.half, labels: ["spam"] }] });
    // agreed (unanimous spam) and alike (unanimous ham) have a final label; split is unresolved
    // (one vote each way), fresh has no resolution, half is gold already.
    expect(await job("add_to_gold", { kind: "selection", itemIds: select(...ITEMS) })).toEqual({ action: "add_to_gold", changed: 2, already: 3, missing: 0 });
    const gold = await db
      .select({ itemId: goldItems.itemId, labels: goldItems.labels, source: goldItems.source, createdBy: goldItems.createdBy })
      .from(goldItems)
      .where(eq(goldItems.projectId, projectId))
      .orderBy(goldItems.itemId);
    expect(gold).toEqual([
      { itemId: ids.agreed, labels: ["spam"], source: "bulk", createdBy: lead },
      { itemId: ids.half, labels: ["spam"], source: "manual", createdBy: lead },
      { itemId: ids.alike, labels: ["ham"], source: "bulk", createdBy: lead },
    ].sort((a, b) => a.itemId - b.itemId));
    // Gold answers are not votes: the resolutions are as they were.
    expect((await db.select({ method: itemResolutions.method, labels: itemResolutions.labels }).from(itemResolutions).where(eq(itemResolutions.itemId, ids.half)))[0]).toMatchObject({ labels: ["ham"] });
    expect(await job("add_to_gold", { kind: "filter", query: "status=labelled" })).toMatchObject({ changed: 0, already: 3 });
  });
});

describe("the bulk-items job", () => {
  it("reports progress batch by batch and records one audit row with its counts", async () => {
    const done = await resultOf<BulkResult>(
      db,
      requestBulkAction({ db, projectId, payload: { action: "exclude", target: { kind: "filter", query: "sort=-id&after=1_1" }, reason: "test set leak", actorId: lead } }),
    );
    // The link's sort and page position play no part: every one of the five items is excluded.
    expect(done).toEqual({ action: "exclude", changed: 5, already: 0, missing: 0 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, "items.bulk.exclude")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: lead, targetType: "job", details: { action: "exclude", changed: 5, already: 0, missing: 0, target: { kind: "filter" } } });
    expect((await itemExclusionRecords({ db, itemId: ids.half }))[0]).toMatchObject({ reason: "test set leak", jobId: Number(audit[0]!.targetId) });
  });

  it("walks a selection in batches, counting ids that are not the project's items as missing", async () => {
    const progress: { done: number; total: number }[] = [];
    const payload = { action: "exclude", target: { kind: "selection", itemIds: [...select("fresh", "agreed", "half"), otherItem, 999_999] }, reason: "", actorId: lead } as const;
    // The job row the exclusions point at; run here with a small batch rather than by a runner.
    const queued = await requestBulkAction({ db, projectId, payload: { ...payload, target: { ...payload.target, itemIds: [...payload.target.itemIds] } } });
    const result = await runBulkAction({
      db,
      projectId,
      jobId: queued.id,
      payload: { ...payload, target: { ...payload.target, itemIds: [...payload.target.itemIds] } },
      reportProgress: async ({ done, total }) => void progress.push({ done, total }),
      batchSize: 2,
    });
    expect(result).toEqual({ action: "exclude", changed: 3, already: 0, missing: 2 });
    expect(progress).toEqual([
      { done: 0, total: 5 },
      { done: 2, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
    expect(await itemExclusionRecords({ db, itemId: otherItem })).toEqual([]);
  });
});
