// Export snapshots on a real database: a five-item project at overlap 2 where a reviewer overrules
// a suggestion an annotator accepted, one item rests on a single annotator and one annotator
// answered "not sure". Every expected value below is worked out by hand from that story.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { itemResolutions, suggestions } from "../schema";
import { seedProject } from "../test-seed";
import type { ProjectRecord } from "./projects";
import { importItems } from "./items";
import { submitAnnotation } from "./annotations";
import { adjudicate } from "./review";
import { createExportSnapshot, getExportSnapshot, snapshotRecords } from "./exports";
import { llmInsights } from "./llm-insights";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import type { ExportRecord } from "@/lib/export/export-record";
import { rawRow } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let project: ProjectRecord;
let dir: string;
let users: Record<string, string>;
let items: Record<string, number>;
const suggestionOf: Record<string, number> = {};

async function suggest(item: string, labels: string[]) {
  suggestionOf[item] = (
    await db
      .insert(suggestions)
      .values({ projectId: project.id, itemId: items[item]!, sourceKind: "llm", modelName: "m", labels, status: "ok", promptVersion: 1, createdAt: new Date() })
      .returning({ id: suggestions.id })
  )[0]!.id;
}

async function label(user: string, item: string, labels: string[], { notSure = false, shown = true } = {}) {
  return (
    await submitAnnotation({
      db,
      projectId: project.id,
      annotatorId: users[user]!,
      input: {
        id: randomUUID(),
        itemId: items[item]!,
        labels,
        notSure,
        ...(suggestionOf[item] === undefined ? {} : { suggestionId: suggestionOf[item] }),
        suggestionShown: shown && suggestionOf[item] !== undefined,
        rejectedSuggestion: false,
      },
    })
  ).annotation;
}

async function records(name: string): Promise<ExportRecord[]> {
  const snapshot = (await getExportSnapshot({ db, projectId: project.id, name }))!;
  const out: ExportRecord[] = [];
  for await (const record of snapshotRecords({ db, snapshotId: snapshot.id })) out.push(record);
  return out;
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  dir = mkdtempSync(join(tmpdir(), "goldset-exports-"));
  ({ people: users, project, items } = await seedProject(db, {
    people: { a1: null, a2: null, rev: null, lead: null },
    project: { name: "P", slug: "p", labels: ["ham", "spam"], overlap: 2 },
    items: ["i1", "i2", "i3", "i4", "i5"].map((id) => ({ externalId: id, text: `text ${id}` })),
  }));

  // i1: both take the suggestion "spam"             → unanimous spam, suggestion accepted.
  await suggest("i1", ["spam"]);
  await label("a1", "i1", ["spam"]);
  await label("a2", "i1", ["spam"]);
  // i2: a1 takes "spam", a2 says ham, the reviewer rules ham → adjudicated ham, suggestion NOT accepted.
  await suggest("i2", ["spam"]);
  await label("a1", "i2", ["spam"]);
  await label("a2", "i2", ["ham"]);
  await adjudicate({ db, projectId: project.id, itemId: items.i2!, reviewerId: users.rev!, labels: ["ham"], rationale: "a greeting", allowOwn: false });
  // i3: a1 takes "ham", a2 says spam, the reviewer rules ham → adjudicated ham, suggestion accepted.
  await suggest("i3", ["ham"]);
  await label("a1", "i3", ["ham"]);
  await label("a2", "i3", ["spam"]);
  await adjudicate({ db, projectId: project.id, itemId: items.i3!, reviewerId: users.rev!, labels: ["ham"], rationale: "no offer", allowOwn: false });
  // i4: one annotator so far, no suggestion              → single ham.
  await label("a1", "i4", ["ham"]);
  // i5: a1 is not sure (no label), a2 says ham           → single ham (one vote), suggestion not accepted.
  await suggest("i5", ["spam"]);
  await label("a1", "i5", [], { notSure: true });
  await label("a2", "i5", ["ham"]);
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("resolutions that mean what they say", () => {
  it("resolves an item with one vote as single, not unanimous, with no agreement figure", async () => {
    const rows = await db
      .select({ itemId: itemResolutions.itemId, method: itemResolutions.method, labels: itemResolutions.labels, agreement: itemResolutions.agreement })
      .from(itemResolutions);
    const byItem = new Map(rows.map((row) => [row.itemId, row]));
    expect(byItem.get(items.i1!)).toMatchObject({ method: "unanimous", labels: ["spam"], agreement: 1 });
    expect(byItem.get(items.i4!)).toMatchObject({ method: "single", labels: ["ham"], agreement: null });
    expect(byItem.get(items.i5!)).toMatchObject({ method: "single", labels: ["ham"], agreement: null });
  });

  it("records a label-less 'not sure' as not_sure, not as a rejection of the suggestion", async () => {
    const row = (await rawRow(db, "select suggestion_action as action from annotations where item_id = ? and cast(labels as text) = '[]'", items.i5!)) as {
      action: string;
    };
    expect(row.action).toBe("not_sure");
  });
});

describe("export snapshots", () => {
  it("default to the project's overlap as minimum and to agreed or adjudicated labels", async () => {
    const input = snapshotInputSchema.parse({ name: "v1" });
    const rules = snapshotRules(input, project);
    expect(rules).toMatchObject({ decidedBy: ["adjudicated", "unanimous"], minAnnotations: 2, overlap: 2 });
    await createExportSnapshot({ db, projectId: project.id, name: "v1", rules, createdBy: users.lead! });
    // i4 and i5 rest on one person, so the default leaves them out.
    expect((await records("v1")).map((record) => record.id)).toEqual(["i1", "i2", "i3"]);
  });

  it("judge suggestion.accepted against the final label: a reviewer's overruling makes it not accepted", async () => {
    const rules = snapshotRules(snapshotInputSchema.parse({ name: "v1" }), project);
    const snapshot = await createExportSnapshot({ db, projectId: project.id, name: "v1", rules, createdBy: users.lead! });
    const byId = new Map((await records("v1")).map((record) => [record.id, record]));
    expect(byId.get("i1")?.suggestion).toMatchObject({ accepted: true, source: "llm" });
    expect(byId.get("i2")).toMatchObject({ decidedBy: "adjudicated", labels: ["ham"], suggestion: { accepted: false, source: "llm" } });
    expect(byId.get("i3")).toMatchObject({ decidedBy: "adjudicated", labels: ["ham"], suggestion: { accepted: true, source: "llm" } });
    expect(snapshot.counts.acceptedSuggestions).toBe(2);
  });

  it("count a suggestion as accepted only when an annotator accepted it, not when a reviewer merely arrived at it", async () => {
    await importItems({
      db,
      projectId: project.id,
      fileName: "g",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "i6", text: "text i6", metadata: {}, contentHash: "i6" }],
    });
    items.i6 = ((await rawRow(db, "select id from items where external_id = 'i6'")) as { id: number }).id;
    // i6: the suggestion says spam; a1 sees it and changes it to ham, a2 labels spam without seeing
    // it, the reviewer rules spam → adjudicated spam, equal to the suggestion, yet nobody took it.
    await suggest("i6", ["spam"]);
    expect((await label("a1", "i6", ["ham"])).suggestionAction).toBe("changed");
    expect((await label("a2", "i6", ["spam"], { shown: false })).suggestionAction).toBe("none");
    await adjudicate({ db, projectId: project.id, itemId: items.i6, reviewerId: users.rev!, labels: ["spam"], rationale: "an offer", allowOwn: false });
    const rules = snapshotRules(snapshotInputSchema.parse({ name: "v1" }), project);
    const snapshot = await createExportSnapshot({ db, projectId: project.id, name: "v1", rules, createdBy: users.lead! });
    const byId = new Map((await records("v1")).map((record) => [record.id, record]));
    expect(byId.get("i6")).toMatchObject({ decidedBy: "adjudicated", labels: ["spam"], suggestion: { accepted: false, source: "llm", labels: ["spam"] } });
    // Still i1 and i3 only.
    expect(snapshot.counts.acceptedSuggestions).toBe(2);
  });

  it("let a lead lower the minimum, and the card then says how many items rest on one person", async () => {
    const input = snapshotInputSchema.parse({ name: "low", decidedBy: ["adjudicated", "unanimous", "single"], minAnnotations: 1 });
    const rules = snapshotRules(input, project);
    await createExportSnapshot({ db, projectId: project.id, name: "low", rules, createdBy: users.lead! });
    const all = await records("low");
    expect(all.map((record) => [record.id, record.decidedBy, record.agreement])).toEqual([
      ["i1", "unanimous", 1],
      ["i2", "adjudicated", 0.5],
      ["i3", "adjudicated", 0.5],
      ["i4", "single", null],
      ["i5", "single", null],
    ]);
    // i5's suggestion (spam) was shown, but the final label is ham.
    expect(all.find((record) => record.id === "i5")?.suggestion).toMatchObject({ accepted: false });

    const snapshot = (await getExportSnapshot({ db, projectId: project.id, name: "low" }))!;
    const outDir = join(dir, "hf");
    await exportSnapshot({ db, project, snapshot, format: "hf", outDir, actorId: users.lead! });
    const card = readFileSync(join(outDir, "README.md"), "utf8");
    expect(card).toContain("| single | 2 | 40.0% |");
    expect(card).toContain(
      "The project asks for 2 annotations per item; this snapshot lowered the minimum to 1. 2 of 5 items (40.0%) rest on one person's label",
    );
    // i1 and i3 only: i2 was overruled, i5 was decided against its suggestion.
    expect(card).toContain("Final labels that came from an accepted suggestion: 2 of 5 (40.0%)");
    const csvDir = join(dir, "csv");
    await exportSnapshot({ db, project, snapshot, format: "csv", outDir: csvDir, actorId: users.lead! });
    expect(readFileSync(join(csvDir, "data.csv"), "utf8")).toContain("i4,text i4,ham,single,");
  });
});

describe("LLM insights leave 'not sure' answers out", () => {
  it("of the acceptance rate, the anchoring estimate and the accuracy, saying how many", async () => {
    const insights = await llmInsights({ db, projectId: project.id, taskType: "single_label" });
    // Shown LLM suggestions: i1 a1+a2 accepted, i2 a1 accepted / a2 changed, i3 a1 accepted /
    // a2 changed, i5 a1 not sure / a2 changed: 4 accepted of 7, the not-sure answer left out.
    expect(insights.acceptance.counts).toEqual({ accepted: 4, changed: 3, rejected: 0 });
    expect(insights.acceptance.overall).toMatchObject({ successes: 4, n: 7 });
    expect(insights.acceptance.notSureExcluded).toBe(1);
    // The same seven answers agree with the LLM four times; nothing was withheld.
    expect(insights.anchoring.shown).toMatchObject({ successes: 4, n: 7 });
    expect(insights.anchoring.notSureExcluded).toBe(1);
    // Settled items with an LLM answer: i1 spam/spam, i2 ham/spam, i3 ham/ham, i5 ham/spam.
    expect(insights.accuracy.overall).toMatchObject({ successes: 2, n: 4 });
    expect(insights.accuracy.notSureExcluded).toBe(0);
  });
});
