// Gold items on a real database (SQLite, and PostgreSQL in the PostgreSQL pass): marking with
// validated answers, replacing and removing them, a gold set from a snapshot, each annotator's
// results on hand-worked fixtures, and that a gold answer never becomes a vote.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, isNull } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { annotations, auditLog, goldItems, itemResolutions } from "../schema";
import { seedProject, type PersonSeed, type SeededProject } from "../test-seed";
import { undoLastSubmission } from "./annotations";
import { createExportSnapshot } from "./exports";
import { goldAnswerFor, goldResults, listGoldItems, markGoldItems, markGoldSetFromSnapshot, removeGoldItems } from "./gold";
import { GoldsetError } from "@/lib/errors";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

/** The people of one seeded project: emails are unique per database, so each carries the slug. */
function peopleOf<P extends string>(slug: string, roles: Record<P, "lead" | "annotator" | "reviewer">): Record<P, PersonSeed> {
  return Object.fromEntries(Object.entries(roles).map(([key, role]) => [key, { role, email: `${key}.${slug}@example.org`, name: key }])) as Record<P, PersonSeed>;
}

async function auditActions(projectId: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
  return await db
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId)))
    .orderBy(asc(auditLog.id))
    .then((rows) => rows.filter((row) => row.action.startsWith("gold.")));
}

async function refusal(work: Promise<unknown>): Promise<GoldsetError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GoldsetError);
  return error as GoldsetError;
}

describe("markGoldItems", () => {
  let seed: SeededProject<"lead" | "ann", "g1" | "g2" | "g3">;
  let otherItem: number;

  beforeAll(async () => {
    seed = await seedProject(db, {
      people: peopleOf("gold-mark", { lead: "lead", ann: "annotator" }),
      project: { slug: "gold-mark", labels: ["ham", "spam"] },
      items: ["g1", "g2", "g3"],
    });
    const other = await seedProject(db, { project: { slug: "gold-mark-other", labels: ["ham"] }, items: ["x1"] });
    otherItem = other.items.x1;
  });

  it("refuses unknown labels, two labels on a single-label project, no label and another project's item, writing nothing", async () => {
    const { projectId, people, items } = seed;
    const mark = (answers: { itemId: number; labels: string[] }[]) => markGoldItems({ db, projectId, actorId: people.lead, answers, source: "manual" });
    const unknown = await refusal(mark([{ itemId: items.g1, labels: ["ham"] }, { itemId: items.g2, labels: ["eggs"] }]));
    expect(unknown.code).toBe("bad_request");
    expect(unknown.message).toContain("Item g2");
    expect(unknown.problems[0]?.field).toBe("answers.1.labels");
    expect((await refusal(mark([{ itemId: items.g1, labels: ["ham", "spam"] }]))).message).toContain("one label per item");
    expect((await refusal(mark([{ itemId: items.g1, labels: [] }]))).code).toBe("bad_request");
    expect((await refusal(mark([{ itemId: otherItem, labels: ["ham"] }]))).code).toBe("not_found");
    expect((await refusal(mark([{ itemId: items.g1, labels: ["ham"] }, { itemId: items.g1, labels: ["spam"] }]))).message).toContain("given twice");
    expect(await db.select().from(goldItems).where(eq(goldItems.projectId, projectId))).toEqual([]);
    expect(await auditActions(projectId)).toEqual([]);
  });

  it("marks, then replaces an answer by removing the old row and adding one, with one audit row per call", async () => {
    const { projectId, people, items } = seed;
    expect(
      await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [{ itemId: items.g1, labels: ["ham"] }, { itemId: items.g2, labels: ["spam"] }] }),
    ).toEqual({ marked: 2, replaced: 0 });
    expect(await markGoldItems({ db, projectId, actorId: people.lead, source: "bulk", answers: [{ itemId: items.g1, labels: ["spam"] }] })).toEqual({
      marked: 1,
      replaced: 1,
    });
    const g1Rows = await db.select().from(goldItems).where(eq(goldItems.itemId, items.g1)).orderBy(asc(goldItems.id));
    expect(g1Rows.map((r) => [r.labels, r.source, r.removedAt !== null, r.removedBy])).toEqual([
      [["ham"], "manual", true, people.lead],
      [["spam"], "bulk", false, null],
    ]);
    expect((await listGoldItems({ db, projectId })).map((g) => [g.externalId, g.labels, g.source, g.createdBy])).toEqual([
      ["g1", ["spam"], "bulk", "lead"],
      ["g2", ["spam"], "manual", "lead"],
    ]);
    expect((await goldAnswerFor({ db, projectId, itemId: items.g2 }))?.labels).toEqual(["spam"]);
    expect(await goldAnswerFor({ db, projectId, itemId: items.g3 })).toBeNull();
    expect(await auditActions(projectId)).toEqual([
      { action: "gold.mark", details: { source: "manual", snapshotId: null, items: 2, replaced: 0, itemIds: [items.g1, items.g2] } },
      { action: "gold.mark", details: { source: "bulk", snapshotId: null, items: 1, replaced: 1, itemIds: [items.g1] } },
    ]);
  });

  it("removes items from the gold set, keeping the rows, and audits only what it removed", async () => {
    const { projectId, people, items } = seed;
    expect(await removeGoldItems({ db, projectId, actorId: people.lead, itemIds: [items.g2, items.g3] })).toEqual({ removed: 1 });
    expect(await removeGoldItems({ db, projectId, actorId: people.lead, itemIds: [items.g3] })).toEqual({ removed: 0 });
    expect((await listGoldItems({ db, projectId })).map((g) => g.externalId)).toEqual(["g1"]);
    expect(await db.select().from(goldItems).where(eq(goldItems.itemId, items.g2))).toHaveLength(1);
    expect((await auditActions(projectId)).at(-1)).toEqual({ action: "gold.remove", details: { items: 1, itemIds: [items.g2, items.g3] } });
  });

  it("accepts a multi-label answer on a multi-label project", async () => {
    const multi = await seedProject(db, {
      people: peopleOf("gold-multi", { lead: "lead" }),
      project: { slug: "gold-multi", labels: ["red", "green", "blue"], taskType: "multi_label" },
      items: ["m1"],
    });
    await markGoldItems({ db, projectId: multi.projectId, actorId: multi.people.lead, source: "manual", answers: [{ itemId: multi.items.m1, labels: ["red", "blue"] }] });
    expect((await listGoldItems({ db, projectId: multi.projectId }))[0]?.labels).toEqual(["red", "blue"]);
  });
});

describe("goldResults", () => {
  // Gold: g1 ham, g2 spam, g3 ham; n1 is not gold; g4 was gold (spam) but was removed.
  // ann:  g1 ham ✓, g2 ham ✗, g3 ham then corrected to spam ✗ (current label counts), n1 ham (not gold) → 1/3.
  // bea:  g1 ham ✓, g2 spam ✓, then undoes g2 (a retraction is no answer) → 1/1.
  // cy:   g1 "not sure" with no label (no answer), g4 spam (removed gold) → no row at all.
  let seed: SeededProject<"lead" | "ann" | "bea" | "cy", "g1" | "g2" | "g3" | "g4" | "n1">;

  beforeAll(async () => {
    seed = await seedProject(db, {
      people: peopleOf("gold-results", { lead: "lead", ann: "annotator", bea: "annotator", cy: "annotator" }),
      project: { slug: "gold-results", labels: ["ham", "spam"], overlap: 3 },
      items: ["g1", "g2", "g3", "g4", "n1"],
    });
    const { projectId, people, items, label } = seed;
    await markGoldItems({
      db,
      projectId,
      actorId: people.lead,
      source: "manual",
      answers: [
        { itemId: items.g1, labels: ["ham"] },
        { itemId: items.g2, labels: ["spam"] },
        { itemId: items.g3, labels: ["ham"] },
        { itemId: items.g4, labels: ["spam"] },
      ],
    });
    await removeGoldItems({ db, projectId, actorId: people.lead, itemIds: [items.g4] });
    await label("ann", "g1", ["ham"]);
    await label("ann", "g2", ["ham"]);
    await label("ann", "g3", ["ham"]);
    await label("ann", "g3", ["spam"]);
    await label("ann", "n1", ["ham"]);
    await label("bea", "g1", ["ham"]);
    await label("bea", "g2", ["spam"]);
    await undoLastSubmission({ db, projectId, userId: people.bea });
    await label("cy", "g1", [], { notSure: true });
    await label("cy", "g4", ["spam"]);
  });

  it("counts each annotator's current labels on gold items in force, exact match", async () => {
    const { projectId, people } = seed;
    const results = await goldResults({ db, projectId });
    const byId = new Map(results.map((r) => [r.annotatorId, { correct: r.correct, answered: r.answered }]));
    expect(byId.get(people.ann)).toEqual({ correct: 1, answered: 3 });
    expect(byId.get(people.bea)).toEqual({ correct: 1, answered: 1 });
    expect(byId.has(people.cy)).toBe(false);
    expect(results).toHaveLength(2);
    expect(await goldResults({ db, projectId, annotatorId: people.ann })).toEqual([{ annotatorId: people.ann, correct: 1, answered: 3 }]);
  });

  it("matches label sets exactly, in any order, on a multi-label project", async () => {
    const multi = await seedProject(db, {
      people: peopleOf("gold-results-multi", { lead: "lead", ann: "annotator" }),
      project: { slug: "gold-results-multi", labels: ["red", "green", "blue"], taskType: "multi_label" },
      items: ["m1", "m2", "m3"],
    });
    const { projectId, people, items, label } = multi;
    const answer = ["red", "blue"];
    await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [items.m1, items.m2, items.m3].map((itemId) => ({ itemId, labels: answer })) });
    await label("ann", "m1", ["blue", "red"]); // same set, other order ✓
    await label("ann", "m2", ["red"]); // one short ✗
    await label("ann", "m3", ["red", "blue", "green"]); // one more ✗
    expect(await goldResults({ db, projectId })).toEqual([{ annotatorId: people.ann, correct: 1, answered: 3 }]);
  });
});

describe("gold answers are not votes", () => {
  it("leave annotations and resolutions as they were", async () => {
    const seed = await seedProject(db, {
      people: peopleOf("gold-not-votes", { lead: "lead", ann: "annotator" }),
      project: { slug: "gold-not-votes", labels: ["ham", "spam"] },
      items: ["i1", "i2"],
    });
    const { projectId, people, items, label } = seed;
    await label("ann", "i1", ["ham"]);
    const before = await db.select().from(itemResolutions).orderBy(asc(itemResolutions.itemId));
    await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [{ itemId: items.i1, labels: ["spam"] }, { itemId: items.i2, labels: ["spam"] }] });
    expect(await db.select().from(itemResolutions).orderBy(asc(itemResolutions.itemId))).toEqual(before);
    const rows = await db.select({ itemId: annotations.itemId, labels: annotations.labels }).from(annotations).where(eq(annotations.projectId, projectId));
    expect(rows).toEqual([{ itemId: items.i1, labels: ["ham"] }]);
  });
});

describe("markGoldSetFromSnapshot", () => {
  it("marks the snapshot's items with their final labels, source snapshot, replacing earlier answers", async () => {
    const seed = await seedProject(db, {
      people: peopleOf("gold-snapshot", { lead: "lead", ann: "annotator", bea: "annotator" }),
      project: { slug: "gold-snapshot", labels: ["ham", "spam"], overlap: 2 },
      items: ["s1", "s2", "s3"],
    });
    const { projectId, people, items, label, project } = seed;
    // s1: both ham (unanimous); s2: both spam (unanimous); s3: split, so left out by the default rules.
    await label("ann", "s1", ["ham"]);
    await label("bea", "s1", ["ham"]);
    await label("ann", "s2", ["spam"]);
    await label("bea", "s2", ["spam"]);
    await label("ann", "s3", ["ham"]);
    await label("bea", "s3", ["spam"]);
    const snapshot = await createExportSnapshot({ db, projectId, name: "gold-source", rules: snapshotRules(snapshotInputSchema.parse({ name: "gold-source" }), project), createdBy: people.lead });
    await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [{ itemId: items.s1, labels: ["spam"] }] });

    expect(await markGoldSetFromSnapshot({ db, projectId, actorId: people.lead, snapshotId: snapshot.id })).toEqual({ marked: 2, replaced: 1, skipped: 0 });
    expect((await listGoldItems({ db, projectId })).map((g) => [g.externalId, g.labels, g.source, g.snapshotId])).toEqual([
      ["s1", ["ham"], "snapshot", snapshot.id],
      ["s2", ["spam"], "snapshot", snapshot.id],
    ]);
    expect(await db.select().from(goldItems).where(and(eq(goldItems.projectId, projectId), isNull(goldItems.removedAt)))).toHaveLength(2);
    expect((await auditActions(projectId)).at(-1)?.details).toMatchObject({ source: "snapshot", snapshotId: snapshot.id, items: 2, replaced: 1 });
  });

  it("refuses a snapshot of another project", async () => {
    const seed = await seedProject(db, { people: peopleOf("gold-snapshot-other", { lead: "lead" }),
      project: { slug: "gold-snapshot-other", labels: ["ham"] }, items: ["o1"] });
    expect((await refusal(markGoldSetFromSnapshot({ db, projectId: seed.projectId, actorId: seed.people.lead, snapshotId: 999_999 }))).code).toBe("not_found");
  });
});
