// A lead's "send to review" is a request_review adjudication row: the item stays in the review
// queue through every recomputation until a reviewer decides it or sends it back, the request
// decides nothing (the annotators' resolution stands meanwhile), and the item's history shows it.
// On a real database (SQLite, and PostgreSQL when GOLDSET_TEST_PG_URL is set).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { adjudications, itemResolutions } from "../schema";
import { seedProject, type SeededProject } from "../test-seed";
import { applyBulkAction } from "./bulk-item-actions";
import { itemHistory } from "./item-history";
import { refreshProjectResolutions } from "./resolutions";
import { adjudicate, reviewBacklog, reviewItemDetail, reviewQueue, sendBack } from "./review";

type Key = "agreed" | "half" | "decided";
let db: Db;
let close: () => Promise<void> | void;
let seed: SeededProject<"lead" | "rev" | "a1" | "a2", Key>;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  seed = (await seedProject(db, {
    people: { lead: "lead", rev: "reviewer", a1: "annotator", a2: "annotator" },
    project: { slug: "req", labels: ["ham", "spam"], overlap: 2 },
    items: ["agreed", "half", "decided"],
  })) as typeof seed;
  await seed.label("a1", "agreed", ["spam"]);
  await seed.label("a2", "agreed", ["spam"]); // unanimous spam, not in review
  await seed.label("a1", "half", ["ham"]); // one label of two: open, not in review
  await seed.label("a1", "decided", ["ham"]);
  await seed.label("a2", "decided", ["spam"]);
  await adjudicate({ db, projectId: seed.projectId, itemId: seed.items.decided, reviewerId: seed.people.rev, labels: ["spam"], rationale: "", allowOwn: false });
});
afterEach(() => close());

const request = (...keys: Key[]) =>
  applyBulkAction({ db, projectId: seed.projectId, action: "send_to_review", itemIds: keys.map((k) => seed.items[k]), actorId: seed.people.lead, jobId: null });

async function queued(): Promise<[string, string[], number][]> {
  const queue = await reviewQueue({ db, projectId: seed.projectId, reviewerId: seed.people.rev, includeOwn: true });
  return queue.map((q) => [q.externalId, q.reasons, q.need]);
}

async function resolution(key: Key) {
  const row = (await db.select().from(itemResolutions).where(eq(itemResolutions.itemId, seed.items[key])))[0]!;
  return { method: row.method, labels: row.labels, need: row.reviewNeed, reasons: row.reviewReasons };
}

describe("send to review", () => {
  it("writes one request_review row per item, by the lead, and a second request writes none", async () => {
    expect(await request("agreed", "half")).toEqual({ changed: 2, already: 0 });
    expect(await request("agreed", "half")).toEqual({ changed: 0, already: 2 });
    const rows = await db.select({ itemId: adjudications.itemId, action: adjudications.action, by: adjudications.reviewerId }).from(adjudications).where(eq(adjudications.action, "request_review"));
    expect(rows.sort((a, b) => a.itemId - b.itemId)).toEqual([
      { itemId: seed.items.agreed, action: "request_review", by: seed.people.lead },
      { itemId: seed.items.half, action: "request_review", by: seed.people.lead },
    ]);
    expect(await queued()).toEqual([
      ["agreed", ["requested"], 1],
      ["half", ["requested"], 1],
    ]);
    expect(await reviewBacklog({ db, projectId: seed.projectId })).toBe(2);
  });

  it("keeps the item in the queue through a new label and a project-wide recomputation", async () => {
    await request("half");
    await seed.label("a2", "half", ["ham"]); // now unanimous ham, which alone would need no review
    await refreshProjectResolutions({ db, projectId: seed.projectId });
    expect(await resolution("half")).toEqual({ method: "unanimous", labels: ["ham"], need: 1, reasons: ["requested"] });
    expect(await queued()).toEqual([["half", ["requested"], 1]]);
  });

  it("decides nothing: the annotators' resolution stands until a reviewer decides, and the decision takes the item out of the queue", async () => {
    await request("agreed");
    expect(await resolution("agreed")).toEqual({ method: "unanimous", labels: ["spam"], need: 1, reasons: ["requested"] });
    await adjudicate({ db, projectId: seed.projectId, itemId: seed.items.agreed, reviewerId: seed.people.rev, labels: ["ham"], rationale: "context", allowOwn: false });
    expect(await resolution("agreed")).toEqual({ method: "adjudicated", labels: ["ham"], need: 0, reasons: [] });
    expect(await queued()).toEqual([]);
    // Asked again after the decision: a new request, and the decision is no longer the last word.
    expect(await request("agreed")).toEqual({ changed: 1, already: 0 });
    expect(await resolution("agreed")).toEqual({ method: "unanimous", labels: ["spam"], need: 1, reasons: ["requested"] });
  });

  it("re-opens the review of an item a reviewer decided before: its votes resolve it until the new decision", async () => {
    expect(await resolution("decided")).toMatchObject({ method: "adjudicated", labels: ["spam"], need: 0 });
    await request("decided");
    // One vote each way: unresolved at agreement 0.5, so disagreement 1 + (1 - 0.5), and the request 1.
    expect(await resolution("decided")).toEqual({ method: "unresolved", labels: [], need: 2.5, reasons: ["disagreement", "requested"] });
  });

  it("leaves the queue when a reviewer sends the item back, until the annotation asked for arrives", async () => {
    await request("agreed");
    await sendBack({ db, projectId: seed.projectId, itemId: seed.items.agreed, reviewerId: seed.people.rev, extra: 1, rationale: "", allowOwn: false });
    expect(await queued()).toEqual([]);
    expect(await resolution("agreed")).toMatchObject({ method: "unanimous", need: 0, reasons: [] });
  });

  it("shows in the item's history and the reviewer's panel as a request, not a decision", async () => {
    await request("agreed");
    const history = await itemHistory({ db, projectId: seed.projectId, itemId: seed.items.agreed });
    const requested = history!.events.filter((e) => e.kind === "review_requested");
    expect(requested).toEqual([expect.objectContaining({ kind: "review_requested", by: "lead", rationale: "Sent to review from the data browser." })]);
    expect(history!.events.some((e) => e.kind === "decision" || e.kind === "send_back")).toBe(false);
    const detail = await reviewItemDetail({ db, projectId: seed.projectId, itemId: seed.items.agreed });
    expect(detail!.adjudications.map((d) => d.action)).toEqual(["request_review"]);
  });
});
