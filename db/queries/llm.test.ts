import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { eq } from "drizzle-orm";
import { auditLog, itemScores, projects, suggestions } from "../schema";
import { createUser } from "./users";
import { seedProject } from "../test-seed";
import { submitAnnotation } from "./annotations";
import { connectionForRun, getConnectionView, saveConnection } from "./llm-connection";
import { getPromptVersion, listPromptVersions, savePromptVersion } from "./llm-prompts";
import { llmInsights } from "./llm-insights";
import { currentSuggestions, importPredictions } from "./suggestions";
import type { ConnectionInput } from "@/lib/llm/client/connection-input";
import { promptHash } from "@/lib/llm/prompts/prompt-template";
import { spamHamDefinition, TEST_API_KEY } from "@/lib/llm/runs/prelabel-test-fixtures";
import { TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";
import { rawRow } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let lead: string;
let itemIds: Record<string, number>;

const connectionInput: ConnectionInput = {
  baseUrl: "http://127.0.0.1:9/v1",
  model: "test-model",
  temperature: 0,
  apiKey: TEST_API_KEY,
  clearApiKey: false,
  authScheme: "bearer",
  timeoutMs: 5_000,
  maxConcurrency: 4,
  requestsPerMinute: null,
  tokenBudget: null,
};

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", name: "Lead" } },
    project: { name: "P", slug: "p", labels: ["ham", "spam"] },
    items: ["a", "b", "c", "d"].map((id) => ({ externalId: id, text: `text ${id}` })),
  });
  ({ projectId, items: itemIds } = seed);
  lead = seed.people.lead;
});
afterEach(() => close());

describe("the LLM connection", () => {
  it("stores the key sealed, shows it masked, and opens it only for a run", async () => {
    const view = await saveConnection({ db, projectId, actorId: lead, input: connectionInput, masterSecret: () => TEST_MASTER_SECRET });
    expect(view.apiKey).toEqual({ source: "stored", masked: "sk-…1706" });
    expect(JSON.stringify(view)).not.toContain(TEST_API_KEY);
    const stored = (await rawRow(db, "select api_key_ciphertext as c, cast(settings as text) as settings from llm_connections")) as { c: string; settings: string };
    expect(stored.c).toMatch(/^v1:/);
    expect(stored.c + stored.settings).not.toContain(TEST_API_KEY);
    const audits = await db.select().from(auditLog);
    expect(JSON.stringify(audits)).not.toContain(TEST_API_KEY);
    expect(audits.at(-1)?.details).toMatchObject({ apiKey: "replaced", baseUrl: connectionInput.baseUrl });
    expect((await connectionForRun({ db, projectId, masterSecret: () => TEST_MASTER_SECRET })).apiKey).toBe(TEST_API_KEY);
  });

  it("keeps the key when saved without one, removes it on request, and refuses a key sealed under another secret", async () => {
    await saveConnection({ db, projectId, actorId: lead, input: connectionInput, masterSecret: () => TEST_MASTER_SECRET });
    const kept = await saveConnection({
      db,
      projectId,
      actorId: lead,
      input: { ...connectionInput, apiKey: "", model: "other" },
      masterSecret: () => "unused",
    });
    expect(kept).toMatchObject({ model: "other", apiKey: { source: "stored" } });
    await expect(connectionForRun({ db, projectId, masterSecret: () => "another-secret-of-at-least-32-chars!" })).rejects.toThrow(/does not decrypt/);
    const removed = await saveConnection({
      db,
      projectId,
      actorId: lead,
      input: { ...connectionInput, apiKey: undefined, clearApiKey: true },
      masterSecret: () => "unused",
    });
    expect(removed.apiKey.source).not.toBe("stored");
  });

  it("shows the environment's defaults before anything is saved", async () => {
    expect(await getConnectionView({ db, projectId })).toMatchObject({ saved: false, maxConcurrency: 4, updatedAt: null });
  });
});

describe("prompt versions", () => {
  it("numbers each changed save, keeps old versions readable, and does not copy an unchanged one", async () => {
    const first = await savePromptVersion({ db, projectId, actorId: lead, definition: spamHamDefinition() });
    const again = await savePromptVersion({ db, projectId, actorId: lead, definition: spamHamDefinition() });
    const second = await savePromptVersion({ db, projectId, actorId: lead, definition: spamHamDefinition({ guidelines: "Shorter." }) });
    expect([first.created, again.created, second.created]).toEqual([true, false, true]);
    expect((await listPromptVersions({ db, projectId })).map((v) => v.version)).toEqual([2, 1]);
    const v1 = (await getPromptVersion({ db, projectId, version: 1 }))!;
    expect(v1.hash).toBe(promptHash(spamHamDefinition()));
    expect(v1.definition).toEqual(spamHamDefinition());
    expect((await getPromptVersion({ db, projectId }))?.version).toBe(2);
  });

  it("refuses a definition the engine could not run, listing every problem", async () => {
    await expect(
      savePromptVersion({ db, projectId, actorId: lead, definition: spamHamDefinition({ template: { system: "", user: "no item" } }) }),
    ).rejects.toThrow(/\{\{item\}\} exactly once/);
  });
});

describe("suggestions for annotators", () => {
  async function insertSuggestion(itemId: number, sourceKind: "llm" | "import", labels: string[], status: "ok" | "parse_error" = "ok") {
    return (
      await db
        .insert(suggestions)
        .values({ projectId, itemId, sourceKind, modelName: "m", labels, status, promptVersion: sourceKind === "llm" ? 1 : null, createdAt: new Date() })
        .returning({ id: suggestions.id })
    )[0]!.id;
  }

  /** A new annotator's submit: a label on an item, with that item's suggestion shown or withheld. */
  async function newAnnotator() {
    const annotatorId = (await createUser({ db, email: "ann@x.org", name: "Ann", passwordHash: "x" })).id;
    return async (itemId: number, labels: string[], suggestionId: number, shown: boolean) =>
      await submitAnnotation({
        db,
        projectId,
        annotatorId,
        input: { id: randomUUID(), itemId, labels, notSure: false, suggestionId, suggestionShown: shown, rejectedSuggestion: false },
      });
  }

  it("picks the latest usable LLM or imported suggestion, else the classifier's prediction, made a suggestion once", async () => {
    await insertSuggestion(itemIds.a!, "llm", ["ham"]);
    const latest = await insertSuggestion(itemIds.a!, "import", ["spam"]);
    await insertSuggestion(itemIds.b!, "llm", [], "parse_error");
    await db
      .insert(itemScores)
      .values({ itemId: itemIds.b!, projectId, classifierVersion: 3, predicted: ["spam"], confidence: 0.7, score: 0.3, reason: { margin: 0.4 } });
    // Version 3 is live; a row of version 4, still being written, is not shown.
    await db
      .insert(itemScores)
      .values({ itemId: itemIds.c!, projectId, classifierVersion: 4, predicted: ["ham"], confidence: 0.9, score: 0.1, reason: { margin: 0.8 } });
    await db.update(projects).set({ classifierVersion: 3 }).where(eq(projects.id, projectId));
    const ask = async () =>
      await currentSuggestions({ db, projectId, itemIds: [itemIds.a!, itemIds.b!, itemIds.c!], llmSuggestions: true, modelSuggestions: true });
    const found = await ask();
    expect(found.get(itemIds.a!)).toMatchObject({ id: latest, sourceKind: "import", labels: ["spam"] });
    expect(found.get(itemIds.b!)).toMatchObject({
      sourceKind: "model",
      modelName: "goldset-classifier",
      modelVersion: "v3",
      labels: ["spam"],
      confidence: 0.7,
    });
    expect(found.has(itemIds.c!)).toBe(false);
    expect((await ask()).get(itemIds.b!)?.id).toBe(found.get(itemIds.b!)?.id);
    const off = await currentSuggestions({ db, projectId, itemIds: [itemIds.a!], llmSuggestions: false, modelSuggestions: false });
    expect(off.size).toBe(0);
  });

  it("imports predictions all or nothing, naming the line of an unknown item, and counts repeats", async () => {
    await expect(
      importPredictions({
        db,
        projectId,
        actorId: lead,
        fileName: "p.jsonl",
        format: "jsonl",
        rows: [
          { externalId: "a", labels: ["spam"], score: 0.9, model: "nb", line: 1 },
          { externalId: "zz", labels: ["ham"], line: 2 },
        ],
      }),
    ).rejects.toThrow(/nothing was imported/);
    expect(await db.select().from(suggestions)).toHaveLength(0);
    const rows = [{ externalId: "a", labels: ["spam"], score: 0.9, model: "nb", modelVersion: "2024-05", line: 1 }];
    expect(await importPredictions({ db, projectId, actorId: lead, fileName: "p.jsonl", format: "jsonl", rows })).toMatchObject({ inserted: 1, duplicates: 0 });
    expect(await importPredictions({ db, projectId, actorId: lead, fileName: "p.jsonl", format: "jsonl", rows })).toMatchObject({ inserted: 0, duplicates: 1 });
    expect((await db.select().from(suggestions).limit(1))[0]).toMatchObject({
      sourceKind: "import",
      modelName: "nb",
      modelVersion: "2024-05",
      confidence: 0.9,
      status: "ok",
    });
  });

  it("feeds the insights: acceptance when shown, and agreement shown versus withheld", async () => {
    const a = await insertSuggestion(itemIds.a!, "llm", ["spam"]);
    const b = await insertSuggestion(itemIds.b!, "llm", ["spam"]);
    const c = await insertSuggestion(itemIds.c!, "llm", ["ham"]);
    const submit = await newAnnotator();
    expect((await submit(itemIds.a!, ["spam"], a, true)).annotation.suggestionAction).toBe("accepted");
    expect((await submit(itemIds.b!, ["ham"], b, true)).annotation.suggestionAction).toBe("changed");
    expect((await submit(itemIds.c!, ["ham"], c, false)).annotation.suggestionAction).toBe("none");
    const insights = await llmInsights({ db, projectId, taskType: "single_label" });
    expect(insights.acceptance.counts).toEqual({ accepted: 1, changed: 1, rejected: 0 });
    expect(insights.acceptance.notSureExcluded).toBe(0);
    expect([insights.anchoring.shown.successes, insights.anchoring.shown.n]).toEqual([1, 2]);
    expect([insights.anchoring.withheld.successes, insights.anchoring.withheld.n]).toEqual([1, 1]);
    // Overlap 1: each annotated item is settled by its one label; the LLM matched two of three.
    expect([insights.accuracy.overall.successes, insights.accuracy.overall.n]).toEqual([2, 3]);
    expect(insights.accuracy.unseen).toMatchObject({ successes: 1, n: 1 });
  });

  it("counts an item everyone was not sure about as left out of the LLM accuracy, not as a miss", async () => {
    const annotatorId = (await createUser({ db, email: "unsure@x.org", name: "Unsure", passwordHash: "x" })).id;
    const d = await insertSuggestion(itemIds.d!, "llm", ["ham"]);
    const { annotation } = await submitAnnotation({
      db,
      projectId,
      annotatorId,
      input: {
        id: randomUUID(),
        itemId: itemIds.d!,
        labels: [],
        notSure: true,
        notSureReason: "sarcasm?",
        suggestionId: d,
        suggestionShown: true,
        rejectedSuggestion: false,
      },
    });
    expect(annotation.suggestionAction).toBe("not_sure");
    const insights = await llmInsights({ db, projectId, taskType: "single_label" });
    expect(insights.acceptance.overall.n).toBe(0);
    expect(insights.acceptance.notSureExcluded).toBe(1);
    expect(insights.anchoring.notSureExcluded).toBe(1);
    expect(insights.accuracy.overall.n).toBe(0);
    expect(insights.accuracy.notSureExcluded).toBe(1);
  });

  it("scores the latest LLM suggestion per settled item, as seen only when an annotator was shown that very suggestion", async () => {
    const submit = await newAnnotator();
    // a: the annotator saw an older suggestion; the one scored arrived after, so a counts as unseen.
    await submit(itemIds.a!, ["ham"], await insertSuggestion(itemIds.a!, "llm", ["ham"]), true);
    await insertSuggestion(itemIds.a!, "llm", ["spam"]);
    await submit(itemIds.b!, ["spam"], await insertSuggestion(itemIds.b!, "llm", ["spam"]), true);
    await submit(itemIds.c!, ["spam"], await insertSuggestion(itemIds.c!, "llm", ["ham"]), false);
    const { accuracy } = await llmInsights({ db, projectId, taskType: "single_label" });
    // Predicted against gold: a spam/ham, b spam/spam, c ham/spam.
    expect([accuracy.overall.successes, accuracy.overall.n]).toEqual([1, 3]);
    expect([accuracy.unseen.successes, accuracy.unseen.n]).toEqual([0, 2]);
    expect(accuracy.confusion?.counts).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
