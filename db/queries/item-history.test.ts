import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { itemIdsByExternalId, seedProject, type SeededProject } from "../test-seed";
import { submitAnnotation, skipItem, undoLastSubmission } from "./annotations";
import { importPredictions } from "./suggestions";
import { adjudicate } from "./review";
import { createExportSnapshot, recordExportHash } from "./exports";
import { importItems } from "./items";
import { parseCsvItems, parseJsonlItems } from "@/lib/import/items";
import { itemHistory, type AnnotationEvent, type ItemEvent } from "./item-history";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";

// Every step runs at a clock the test sets, so each event's time is known to the millisecond.
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const at = (offsetMs: number) => new Date(T0 + offsetMs);

let db: Db;
let close: () => Promise<void>;
let seed: SeededProject<"lead" | "ada" | "bo" | "rev", "m1" | "m2">;
let otherItem: number;
let suggestionId: number;
const ids = { first: randomUUID(), relabel: randomUUID(), notSure: randomUUID() };

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at(0));
  seed = await seedProject(db, {
    people: { lead: { role: "lead", name: "Lea Lead" }, ada: { role: "annotator", name: "Ada" }, bo: { role: "annotator", name: "Bo" }, rev: { role: "reviewer", name: "Rev" } },
    project: { slug: "hist", labels: ["ham", "spam"], overlap: 2 },
    items: [{ externalId: "m1", text: "Win a <b>prize</b> now", metadata: { source: "sms-2012" } }, "m2"],
  });
  const other = await seedProject(db, { project: { slug: "other", labels: ["ham"] }, items: ["x1"] });
  otherItem = other.items.x1;
  const { projectId, people } = seed;
  const itemId = seed.items.m1;

  vi.setSystemTime(at(1000));
  await importPredictions({
    db,
    projectId,
    actorId: people.lead,
    fileName: "preds.jsonl",
    format: "jsonl",
    rows: [{ externalId: "m1", labels: ["spam"], score: 0.9, model: "clf", modelVersion: "3", line: 2 }],
  });
  suggestionId = await firstSuggestionId(itemId);

  const annotate = async (annotatorId: string, id: string, labels: string[], extra: { notSure?: boolean; notSureReason?: string; note?: string; timeSpentMs?: number; shown?: boolean }) =>
    await submitAnnotation({
      db,
      projectId,
      annotatorId,
      input: {
        id,
        itemId,
        labels,
        notSure: extra.notSure ?? false,
        notSureReason: extra.notSureReason,
        note: extra.note,
        timeSpentMs: extra.timeSpentMs,
        suggestionId: extra.shown ? suggestionId : undefined,
        suggestionShown: extra.shown ?? false,
        rejectedSuggestion: false,
      },
    });
  vi.setSystemTime(at(2000));
  await annotate(people.ada, ids.first, ["spam"], { shown: true, timeSpentMs: 4200, note: "prize = spam" });
  vi.setSystemTime(at(3000));
  await undoLastSubmission({ db, projectId, userId: people.ada });
  vi.setSystemTime(at(4000));
  await annotate(people.ada, ids.relabel, ["ham"], { shown: true, timeSpentMs: 900 });
  vi.setSystemTime(at(4500));
  await skipItem({ db, projectId, userId: people.bo, itemId, reason: "later" });
  vi.setSystemTime(at(4600));
  await undoLastSubmission({ db, projectId, userId: people.bo });
  vi.setSystemTime(at(5000));
  await annotate(people.bo, ids.notSure, [], { notSure: true, notSureReason: "sarcasm?", timeSpentMs: 12000 });
  vi.setSystemTime(at(6000));
  await adjudicate({ db, projectId, itemId, reviewerId: people.rev, labels: ["ham"], rationale: "no prize is offered", allowOwn: false });
  vi.setSystemTime(at(7000));
  const rules = snapshotRules(snapshotInputSchema.parse({ name: "v1", minAnnotations: 1 }), seed.project);
  const snapshot = await createExportSnapshot({ db, projectId, name: "v1", rules, createdBy: people.lead });
  // The JSONL files written twice (a re-export reproduces the recorded hash): both writes show.
  for (const offset of [8000, 9000]) {
    vi.setSystemTime(at(offset));
    await recordExportHash({ db, snapshotId: snapshot.id, format: "jsonl", writerVersion: 1, sha256: "ab".repeat(32), actorId: people.lead });
  }
  vi.useRealTimers();
});
afterAll(async () => {
  vi.useRealTimers();
  await close();
});

async function firstSuggestionId(itemId: number): Promise<number> {
  const event = (await itemHistory({ db, projectId: seed.projectId, itemId }))!.events.find((e) => e.kind === "suggestion");
  return event?.kind === "suggestion" ? event.id : 0;
}

/** The retraction's id is made by the undo, so it is read back from the item's own story. */
function retractionOf(events: ItemEvent[]): AnnotationEvent {
  return events.find((e): e is AnnotationEvent => e.kind === "annotation" && e.annotationKind === "retraction")!;
}

describe("itemHistory", () => {
  it("tells the item's story in time order, with who did what and the supersede chain", async () => {
    const history = (await itemHistory({ db, projectId: seed.projectId, itemId: seed.items.m1 }))!;
    expect(history.item).toMatchObject({ externalId: "m1", text: "Win a <b>prize</b> now", metadata: { source: "sms-2012" }, importBatch: { fileName: "items.jsonl", format: "jsonl" } });
    const retraction = retractionOf(history.events);
    const link = (id: string, offset: number, kind: "label" | "retraction") => ({ id, at: at(offset), kind });
    const annotation = { suggestionId: null, suggestionShown: false, suggestionAction: "none", source: "app", importFileName: null, notSure: false, notSureReason: null, note: null };
    expect(history.events).toEqual([
      { kind: "import", at: at(0), batchId: history.item.importBatch!.id, fileName: "items.jsonl", format: "jsonl", line: null, by: "Lea Lead" },
      {
        kind: "suggestion",
        at: at(1000),
        id: suggestionId,
        sourceKind: "import",
        modelName: "clf",
        modelVersion: "3",
        promptVersion: null,
        promptHash: null,
        parameters: { line: 2 },
        rawOutput: null,
        labels: ["spam"],
        confidence: 0.9,
        rationale: null,
        status: "ok",
        error: null,
        latencyMs: null,
        promptTokens: null,
        completionTokens: null,
        attempts: 1,
        runId: null,
        importFileName: "preds.jsonl",
      },
      {
        ...annotation,
        kind: "annotation",
        at: at(2000),
        id: ids.first,
        annotationKind: "label",
        annotator: "Ada",
        labels: ["spam"],
        note: "prize = spam",
        timeSpentMs: 4200,
        suggestionId,
        suggestionShown: true,
        suggestionAction: "accepted",
        replaces: null,
        replacedBy: link(retraction.id, 3000, "retraction"),
      },
      {
        ...annotation,
        kind: "annotation",
        at: at(3000),
        id: retraction.id,
        annotationKind: "retraction",
        annotator: "Ada",
        labels: [],
        timeSpentMs: null,
        replaces: link(ids.first, 2000, "label"),
        replacedBy: link(ids.relabel, 4000, "label"),
      },
      {
        ...annotation,
        kind: "annotation",
        at: at(4000),
        id: ids.relabel,
        annotationKind: "label",
        annotator: "Ada",
        labels: ["ham"],
        timeSpentMs: 900,
        suggestionId,
        suggestionShown: true,
        suggestionAction: "changed",
        replaces: link(retraction.id, 3000, "retraction"),
        replacedBy: null,
      },
      { kind: "skip", at: at(4500), by: "Bo", reason: "later", undoneAt: at(4600) },
      { kind: "skip_undone", at: at(4600), by: "Bo", skippedAt: at(4500) },
      {
        ...annotation,
        kind: "annotation",
        at: at(5000),
        id: ids.notSure,
        annotationKind: "label",
        annotator: "Bo",
        labels: [],
        notSure: true,
        notSureReason: "sarcasm?",
        timeSpentMs: 12000,
        replaces: null,
        replacedBy: null,
      },
      { kind: "decision", at: at(6000), reviewer: "Rev", labels: ["ham"], rationale: "no prize is offered" },
      expect.objectContaining({ kind: "resolution", at: at(6000), method: "adjudicated", labels: ["ham"], annotators: 2, notSure: 1 }),
      { kind: "export", at: at(7000), snapshotId: expect.any(Number) as number, name: "v1", by: "Lea Lead", labels: ["ham"], decidedBy: "adjudicated", split: null, formats: [{ format: "jsonl", writtenAt: [at(8000), at(9000)] }] },
    ]);
    expect(history.resolution).toMatchObject({ method: "adjudicated", labels: ["ham"] });
  });

  it("shows an untouched item with its import alone", async () => {
    const history = (await itemHistory({ db, projectId: seed.projectId, itemId: seed.items.m2 }))!;
    expect(history.events.map((e) => e.kind)).toEqual(["import"]);
    expect(history.resolution).toBeNull();
  });

  it("records the line each item starts on: JSONL's line, a CSV record's first line (header = line 1)", async () => {
    const csv = 'id,text\nc1,"first line\nsecond line"\nc2,after the two-line record\n';
    const jsonl = '{"id":"j1","text":"one"}\n\n{"id":"j2","text":"three"}\n';
    const bytes = (text: string) => [new TextEncoder().encode(text)];
    const fromCsv = await parseCsvItems(bytes(csv));
    const fromJsonl = await parseJsonlItems(bytes(jsonl));
    await importItems({ db, projectId: seed.projectId, fileName: "two-line.csv", format: "csv", records: fromCsv.items, actorId: seed.people.lead });
    await importItems({ db, projectId: seed.projectId, fileName: "gap.jsonl", format: "jsonl", records: fromJsonl.items, actorId: seed.people.lead });
    const ids = await itemIdsByExternalId(db, seed.projectId, ["c1", "c2", "j1", "j2"]);
    const lines: Record<string, number | null> = {};
    for (const [externalId, itemId] of Object.entries(ids)) {
      const history = (await itemHistory({ db, projectId: seed.projectId, itemId }))!;
      lines[externalId] = history.item.importBatch!.line;
      expect(history.events[0]).toMatchObject({ kind: "import", line: lines[externalId] });
    }
    expect(lines).toEqual({ c1: 2, c2: 4, j1: 1, j2: 3 });
  });

  it("answers null for an item of another project, so nothing of it leaks", async () => {
    expect(await itemHistory({ db, projectId: seed.projectId, itemId: otherItem })).toBeNull();
  });
});
