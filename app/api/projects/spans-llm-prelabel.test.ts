// LLM pre-labelling of a spans project through its routes, against a real loopback server that
// speaks the OpenAI chat completions protocol, on the database the run is configured for (SQLite,
// or PostgreSQL with GOLDSET_DATABASE_URL): the span prompt, quotes placed as code-point spans,
// unplaced quotes recorded, provenance, invalid answers and their retry, and what the annotator
// is shown (or not, under the anchoring control).
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { annotations, projects, suggestions } from "@/db/schema";
import { getJob } from "@/db/queries/jobs";
import { saveConnection } from "@/db/queries/llm-connection";
import { getPromptVersion } from "@/db/queries/llm-prompts";
import { getRun } from "@/db/queries/llm-runs";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { promptHash, spanDefinition } from "@/lib/llm/prompts/prompt-template";
import { defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { TEST_API_KEY } from "@/lib/llm/runs/prelabel-test-fixtures";
import { retryInvalidAnswers } from "@/lib/llm/runs/run-manager";
import { TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";
import { spanPromptHash } from "@/lib/spans/span-prompt";
import { GET as listPromptsRoute, POST as promptsRoute } from "./[slug]/llm/prompts/route";
import { POST as runsRoute } from "./[slug]/llm/runs/route";
import { POST as queueRoute } from "./[slug]/queue/route";
import { POST as submitRoute } from "./[slug]/annotations/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));
// env() reads these on first use: the key is sealed under the secret, the loopback host allowed.
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;
process.env.GOLDSET_LLM_ALLOWED_HOSTS = "127.0.0.1";

// Code points: A0 n1 a2 _3 🙂4 _5 m6 e7 t8 _9 B10 o11 _12 i13 n14 _15 L16 i17 m18 a19. In UTF-16
// "Lima" starts at 17 (the emoji is two units), so a UTF-16 offset would be off by one.
const LIMA = "Ana 🙂 met Bo in Lima";
// B0 o1 _2 a3 n4 d5 _6 B7 o8 _9 a10 g11 a12 i13 n14
const TWICE = "Bo and Bo again";
const GARBLED = "Cairo at dawn";
const CITY = "Oslo in June";

let db: Db;
let close: () => Promise<void>;
let server: OpenAITestServer;
let people: Record<string, string>;
let itemId: Record<string, number>;
let projectId: string;
let firstRunId: number;

async function call(who: string, handler: (request: Request, ctx: never) => Promise<Response>, path: string, body: unknown) {
  signedIn.userId = people[who]!;
  const response = await handler(jsonPost(path, body), routeParams({ slug: "ner" }) as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { message?: string } };
}

async function llmRows() {
  return await db.select().from(suggestions).where(and(eq(suggestions.projectId, projectId), eq(suggestions.sourceKind, "llm"))).orderBy(asc(suggestions.id));
}

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  server = await startOpenAITestServer({ apiKey: TEST_API_KEY, echoModel: (model) => `${model}-2026-01` });
  const entities = (list: unknown[]) => ({ kind: "content" as const, content: JSON.stringify({ entities: list }) });
  server.script({
    item: LIMA,
    // Paris is not in the text: recorded as unplaced, the rest shown.
    replies: [entities([{ text: "Ana", type: "person" }, { text: "Lima", type: "location" }, { text: "Paris", type: "location" }])],
  });
  // Overlap is off in this project: the second Bo lies inside the first quote's span.
  server.script({ item: TWICE, replies: [entities([{ text: "Bo and Bo", type: "person" }, { text: "Bo", type: "person", occurrence: 2 }])] });
  // Prose first (invalid, kept for audit), then a proper answer when the run is retried.
  server.script({ item: GARBLED, replies: [{ kind: "content", content: "Cairo is a location." }, entities([{ text: "Cairo", type: "location" }])] });
  server.script({ item: CITY, replies: [entities([{ text: "Oslo", type: "city" }]), entities([{ text: "Oslo", type: "location" }])] });

  const seed = await seedProject(db, {
    people: { lead: { role: "lead", isAdmin: true }, ann1: "annotator", ann2: "annotator" },
    project: {
      slug: "ner",
      taskType: "spans",
      guidelines: "Mark people and places.",
      labels: [
        { name: "person", description: "A named person" },
        { name: "location", description: "A named place" },
        { name: "urgent", kind: "item", description: "Needs a reply today" },
      ],
      overlap: 2,
    },
    items: [
      { externalId: "lima", text: LIMA },
      { externalId: "twice", text: TWICE },
      { externalId: "garbled", text: GARBLED },
      { externalId: "city", text: CITY },
    ],
  });
  ({ people, items: itemId, projectId } = seed);
  await saveConnection({
    db,
    projectId,
    actorId: people.lead!,
    masterSecret: () => TEST_MASTER_SECRET,
    input: {
      baseUrl: server.url,
      model: "test-model",
      temperature: 0,
      apiKey: TEST_API_KEY,
      clearApiKey: false,
      authScheme: "bearer",
      timeoutMs: 5_000,
      maxConcurrency: 2,
      requestsPerMinute: null,
      tokenBudget: null,
    },
  });
});
afterAll(async () => {
  await server.stop();
  await close();
});

describe("LLM pre-labelling of a spans project", () => {
  it("saves a span prompt over the entity types only, hashed as a span prompt", async () => {
    const { status } = await call("lead", promptsRoute, "/api/projects/ner/llm/prompts", defaultPromptInput("Mark people and places.", "spans"));
    expect(status).toBe(201);
    const version = (await getPromptVersion({ db, projectId }))!;
    expect(version.definition.mode).toBe("spans");
    expect(version.definition.labels).toEqual([
      { name: "person", description: "A named person" },
      { name: "location", description: "A named place" },
    ]);
    expect(version.hash).toBe(spanPromptHash(spanDefinition(version.definition)));
    expect(version.hash).toBe(promptHash(version.definition));
  });

  it("runs: asks for quoted entities, stores placed spans in code points, unplaced quotes and provenance", async () => {
    const { status, body } = await call("lead", runsRoute, "/api/projects/ner/llm/runs", { promptVersion: 1 });
    expect(status).toBe(201);
    const run = body.run as { id: number };
    firstRunId = run.id;
    const job = (await getJob({ db, jobId: (body.job as { id: number }).id }))!;
    expect((await runToEnd(db, job)).state).toBe("succeeded");
    expect(await getRun({ db, runId: run.id })).toMatchObject({ status: "completed", progress: { total: 4, done: 4, invalid: 2, failed: 0 } });

    // What the model was asked: the span answer schema, the entity types with their descriptions, and never the item label.
    const request = server.stats.requestsFor(LIMA)[0]!.body as { messages: { role: string; content: string }[]; response_format: { json_schema: { name: string } } };
    expect(request.response_format.json_schema.name).toBe("span_answer");
    expect(request.messages[0]!.content).toContain("Entity types:\n- person: A named person\n- location: A named place\n");
    expect(request.messages[0]!.content).not.toContain("urgent");

    const version = (await getPromptVersion({ db, projectId }))!;
    const rows = await llmRows();
    const byItem = (id: number) => rows.filter((row) => row.itemId === id);
    const [lima] = byItem(itemId.lima!);
    expect(lima).toMatchObject({
      status: "ok",
      labels: [],
      confidence: null,
      spans: [
        { start: 0, end: 3, label: "person" },
        { start: 16, end: 20, label: "location" },
      ],
      unplacedQuotes: [{ text: "Paris", label: "location", reason: '"Paris" does not occur in the text.' }],
      modelName: "test-model",
      modelVersion: "test-model-2026-01",
      promptVersion: 1,
      promptHash: version.hash,
      runId: run.id,
      error: null,
    });
    expect(lima!.rawOutput).toContain('\\"Paris\\"');
    expect(lima!.parameters).toMatchObject({ temperature: 0, maxTokens: 1000, responseFormat: "json_schema", finishReason: "stop" });

    expect(byItem(itemId.twice!)).toMatchObject([
      {
        status: "ok",
        spans: [{ start: 0, end: 9, label: "person" }],
        unplacedQuotes: [
          {
            text: "Bo",
            label: "person",
            reason: 'Span 7–9 "Bo" (person) overlaps span 0–9 "Bo and Bo" (person), placed before it; overlapping spans are off in this project.',
          },
        ],
      },
    ]);
    // Invalid answers: kept with the raw answer and why, no suggestion.
    expect(byItem(itemId.garbled!)).toMatchObject([{ status: "parse_error", spans: null, unplacedQuotes: null, rawOutput: expect.stringContaining("Cairo is a location.") }]);
    expect(byItem(itemId.city!)).toMatchObject([{ status: "unknown_label", spans: null, error: expect.stringContaining('Entity type "city" is not in the entity types') }]);
  });

  it("retries the invalid answers alone, with the same prompt version", async () => {
    const { run, job } = await retryInvalidAnswers({ db, projectId, runId: firstRunId, actorId: people.lead! });
    await runToEnd(db, job);
    expect(await getRun({ db, runId: run.id })).toMatchObject({ status: "completed", progress: { total: 2, done: 2, invalid: 0 } });
    const retried = (await llmRows()).filter((row) => row.runId === run.id).sort((a, b) => a.itemId - b.itemId);
    expect(retried.map((row) => [row.itemId, row.status, row.spans, row.unplacedQuotes, row.promptVersion])).toEqual([
      [itemId.garbled, "ok", [{ start: 0, end: 5, label: "location" }], [], 1],
      [itemId.city, "ok", [{ start: 0, end: 4, label: "location" }], [], 1],
    ]);
    expect(server.stats.requestsFor(LIMA)).toHaveLength(1);
  });

  it("refuses to run a classification prompt version on a spans project", async () => {
    const version = (await getPromptVersion({ db, projectId }))!;
    await db.update(projects).set({ taskType: "single_label" }).where(eq(projects.id, projectId));
    try {
      const { status, body } = await call("lead", runsRoute, "/api/projects/ner/llm/runs", { promptVersion: version.version });
      expect(status).toBe(400);
      expect(body.message).toBe("Prompt version 1 asks for entities, but this project labels item labels: save the prompt again to make a version for it.");
    } finally {
      await db.update(projects).set({ taskType: "spans" }).where(eq(projects.id, projectId));
    }
  });
});

describe("the annotator and LLM span suggestions", () => {
  type QueueItem = { externalId: string; suggestion: { withheld: boolean; id: number; spans?: unknown } | null };

  it("sees the suggested spans of an item whose suggestion is shown", async () => {
    await db.update(projects).set({ settings: { anchoringShare: 0 } }).where(eq(projects.id, projectId));
    const { body } = await call("ann1", queueRoute, "/api/projects/ner/queue", { count: 4 });
    const lima = (body.items as QueueItem[]).find((item) => item.externalId === "lima")!;
    expect(lima.suggestion).toMatchObject({
      withheld: false,
      sourceKind: "llm",
      spans: [
        { start: 0, end: 3, label: "person" },
        { start: 16, end: 20, label: "location" },
      ],
    });
  });

  it("never sends a withheld suggestion's spans, and records its span outcomes as not shown", async () => {
    // Every item withheld: the anchoring control's share at 1.
    await db.update(projects).set({ settings: { anchoringShare: 1 } }).where(eq(projects.id, projectId));
    const { body } = await call("ann2", queueRoute, "/api/projects/ner/queue", { count: 4 });
    const served = body.items as QueueItem[];
    expect(served.length).toBeGreaterThan(0);
    for (const item of served) expect(Object.keys(item.suggestion ?? {}).sort()).toEqual(["id", "withheld"]);
    expect(JSON.stringify(body)).not.toContain('"start"');
    const lima = served.find((item) => item.externalId === "lima")!;
    expect(lima.suggestion).toEqual({ withheld: true, id: expect.any(Number) });

    // A client claiming the suggestion was on screen is overruled: it was withheld.
    const submitted = await call("ann2", submitRoute, "/api/projects/ner/annotations", {
      id: randomUUID(),
      itemId: itemId.lima,
      labels: [],
      spans: [{ start: 0, end: 3, label: "person" }],
      suggestionId: lima.suggestion!.id,
      suggestionShown: true,
    });
    expect(submitted.status).toBe(201);
    const row = (await db.select().from(annotations).where(and(eq(annotations.itemId, itemId.lima!), eq(annotations.annotatorId, people.ann2!))))[0]!;
    expect(row).toMatchObject({ suggestionShown: false, suggestionAction: "none", suggestionId: lima.suggestion!.id });
    // What became of each suggested span is still measured, for the anchoring comparison.
    expect(row.spanOutcomes).toEqual([
      { suggested: { start: 0, end: 3, label: "person" }, outcome: "accepted" },
      { suggested: { start: 16, end: 20, label: "location" }, outcome: "rejected" },
    ]);
  });
});

describe("span prompts on the LLM page", () => {
  it("lists versions with the system message as the model receives it, and says the project's prompts ask for spans", async () => {
    signedIn.userId = people.lead!;
    const response = await listPromptsRoute(new Request("http://localhost/api/projects/ner/llm/prompts"), routeParams({ slug: "ner" }));
    const body = (await response.json()) as { mode: string; defaults: { system: string; maxTokens: number }; versions: { systemPreview: string }[] };
    expect(body.mode).toBe("spans");
    expect(body.defaults).toMatchObject({ system: expect.stringContaining("You mark named entities"), maxTokens: 1000 });
    expect(body.versions[0]!.systemPreview).toContain("Guidelines:\nMark people and places.\n\nEntity types:\n- person: A named person\n- location: A named place\n");
    expect(body.versions[0]!.systemPreview).toContain('{"entities": [{"text": "<exact words from the text>", "type": "person" | "location"');
  });

  it("draws few-shot examples from items whose spans are settled, as quotes, and never asks about them", async () => {
    // Lima is resolved on ann2's single annotation (Ana as a person); the other items have none.
    const { status } = await call("lead", promptsRoute, "/api/projects/ner/llm/prompts", { ...defaultPromptInput("Mark people and places.", "spans"), exampleCount: 3 });
    expect(status).toBe(201);
    const version = (await getPromptVersion({ db, projectId }))!;
    expect(version.version).toBe(2);
    expect(version.definition.examples).toEqual([{ text: LIMA, labels: [], entities: [{ text: "Ana", type: "person" }] }]);
    signedIn.userId = people.lead!;
    const response = await listPromptsRoute(new Request("http://localhost/api/projects/ner/llm/prompts"), routeParams({ slug: "ner" }));
    const listed = ((await response.json()) as { versions: { version: number; pendingItems: number }[] }).versions;
    // v2: three items to ask, Lima (its example) left out; v1 answered them all.
    expect(listed.map((v) => [v.version, v.pendingItems])).toEqual([
      [2, 3],
      [1, 0],
    ]);
  });
});
