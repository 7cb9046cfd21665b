// A spans project through its routes, on the database the run is configured for (SQLite, or
// PostgreSQL with GOLDSET_DATABASE_URL): creation, the queue's suggestion spans, submissions and
// their refusals, majority resolution, review decisions, undo, and exports that re-export byte for byte.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { annotations, itemResolutions, projects, suggestions } from "@/db/schema";
import { fitProjectDawidSkene } from "@/db/queries/dawid-skene";
import { getExportSnapshot } from "@/db/queries/exports";
import { getJob } from "@/db/queries/jobs";
import { getProjectBySlug, listLabels } from "@/db/queries/projects";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import type { SpanAgreementSummary } from "@/lib/agreement/spans/span-agreement";
import type { JobView } from "@/lib/jobs/job-view";
import { POST as createProjectRoute } from "./route";
import { POST as submitRoute } from "./[slug]/annotations/route";
import { POST as queueRoute } from "./[slug]/queue/route";
import { GET as reviewItemRoute, POST as decideRoute } from "./[slug]/review/[itemId]/route";
import { POST as undoRoute } from "./[slug]/undo/route";
import { POST as snapshotRoute } from "./[slug]/exports/route";
import { GET as agreementRoute } from "./[slug]/agreement/route";
import { PATCH as spanSettingsRoute } from "./[slug]/span-settings/route";
import { POST as llmRunRoute } from "./[slug]/llm/runs/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => Promise<void>;
let people: Record<string, string>;
let itemId: Record<string, number>;
let projectId: string;
let suggestionId: number;
const outDirs: string[] = [];

// Code points: A0 n1 a2 _3 🙂4 _5 m6 e7 t8 _9 B10 o11 _12 i13 n14 _15 L16 i17 m18 a19 (20 in all;
// the emoji is two UTF-16 units, so UTF-16 offsets after it would be one more).
const LIMA_TEXT = "Ana 🙂 met Bo in Lima";
const ana = { start: 0, end: 3, label: "person" };
const bo = { start: 10, end: 12, label: "person" };
const lima = { start: 16, end: 20, label: "location" };

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", isAdmin: true }, ann1: "annotator", ann2: "annotator", ann3: "annotator", reviewer: "reviewer" },
    project: { slug: "ner", taskType: "spans", labels: [{ name: "person" }, { name: "location" }, { name: "urgent", kind: "item" }], overlap: 2 },
    items: [{ externalId: "lima", text: LIMA_TEXT }, { externalId: "bo", text: "Bo left" }, { externalId: "third", text: "Ana stayed" }],
  });
  ({ people, items: itemId, projectId } = seed);
  // No anchoring control here, so the suggestion is always shown (test data, written as the app stores it).
  await db.update(projects).set({ settings: { anchoringShare: 0 } }).where(eq(projects.id, projectId));
  suggestionId = (
    await db
      .insert(suggestions)
      .values({ projectId, itemId: itemId.lima!, sourceKind: "llm", modelName: "m", labels: [], spans: [ana, { ...bo, label: "location" }], status: "ok", createdAt: new Date() })
      .returning({ id: suggestions.id })
  )[0]!.id;
});
afterAll(async () => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
  await close();
});

async function call(who: string, handler: (request: Request, ctx: never) => Promise<Response>, path: string, body: unknown, params: Record<string, string>) {
  signedIn.userId = people[who]!;
  const response = await handler(jsonPost(path, body), routeParams(params) as never);
  return { status: response.status, body: (await response.json()) as Answer };
}

/** The parts of the routes' answers these tests read. */
type Answer = {
  problems: { field: string; message: string }[];
  project: { slug: string };
  items: Record<string, unknown>[];
  annotation: { id: string } & Record<string, unknown>;
  previous: Record<string, unknown>;
  resolution: Record<string, unknown>;
};

const submit = (who: string, item: string, body: Record<string, unknown>) =>
  call(who, submitRoute, "/api/projects/ner/annotations", { id: randomUUID(), itemId: itemId[item], labels: [], ...body }, { slug: "ner" });

async function resolutionOf(item: string) {
  return (await db.select().from(itemResolutions).where(eq(itemResolutions.itemId, itemId[item]!)).limit(1))[0];
}

describe("POST /api/projects for a spans project", () => {
  it("creates one with entity types (kind defaulting to entity), an item label, and its span settings", async () => {
    const { status, body } = await call(
      "lead",
      createProjectRoute,
      "/api/projects",
      { name: "Places", slug: "places", taskType: "spans", labels: [{ name: "place", hotkey: "p" }, { name: "unclear", kind: "item" }], spans: { allowOverlap: true, majority: 0.6 } },
      {},
    );
    expect(status).toBe(201);
    const project = (await getProjectBySlug({ db, slug: "places" }))!;
    expect(project.taskType).toBe("spans");
    expect(project.settings).toEqual({ spans: { characterLevel: false, allowOverlap: true, majority: 0.6 } });
    expect((await listLabels({ db, projectId: project.id })).map((l) => [l.name, l.kind, l.hotkey])).toEqual([
      ["place", "entity", "p"],
      ["unclear", "item", "2"],
    ]);
    expect(body.project.slug).toBe("places");
  });

  it("refuses one without an entity type with 400 naming the field", async () => {
    const { status, body } = await call("lead", createProjectRoute, "/api/projects", { name: "X", slug: "nothing", taskType: "spans", labels: [{ name: "a", kind: "item" }] }, {});
    expect(status).toBe(400);
    expect(body.problems).toEqual([{ field: "labels", message: 'labels: a spans task needs at least one entity type (a label of kind "entity")' }]);
    expect(await getProjectBySlug({ db, slug: "nothing" })).toBeUndefined();
  });
});

describe("the annotator's side of a spans project", () => {
  it("serves the shown suggestion's spans with the item", async () => {
    const { status, body } = await call("ann1", queueRoute, "/api/projects/ner/queue", { count: 1 }, { slug: "ner" });
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({ externalId: "lima", suggestion: { withheld: false, id: suggestionId, spans: [ana, { ...bo, label: "location" }] } });
  });

  it("shows no suggestion that carries no spans (an item-label answer or a classifier's)", async () => {
    await db.insert(suggestions).values({ projectId, itemId: itemId.third!, sourceKind: "llm", modelName: "m", labels: ["urgent"], status: "ok", createdAt: new Date() });
    const project = (await getProjectBySlug({ db, slug: "ner" }))!;
    const views = await suggestionsForAnnotator({ db, project, itemIds: [itemId.lima!, itemId.third!] });
    expect([...views.keys()]).toEqual([itemId.lima]);
  });

  it("refuses spans outside the text, of an unknown or item-level type, or overlapping, naming spans.N, and saves nothing", async () => {
    const outside = await submit("ann1", "lima", { spans: [ana, { start: 16, end: 21, label: "location" }] });
    expect(outside.status).toBe(400);
    expect(outside.body.problems).toEqual([{ field: "spans.1", message: "spans.1: Span 16–21 lies outside the text, which has 20 code points." }]);
    const itemLabel = await submit("ann1", "lima", { spans: [{ start: 0, end: 3, label: "urgent" }] });
    expect(itemLabel.body.problems[0]!.field).toBe("spans.0");
    const overlapping = await submit("ann1", "lima", { spans: [{ start: 0, end: 5, label: "person" }, { start: 4, end: 9, label: "person" }] });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.problems[0]!.message).toContain('spans.1: span 4–9 "🙂 met" (person) overlaps spans.0 0–5 "Ana 🙂" (person)');
    const missing = await submit("ann1", "lima", {});
    expect(missing.body.problems).toEqual([{ field: "spans", message: "spans: missing; send the entities marked (an empty list when the item has none)" }]);
    expect(await db.select().from(annotations).where(eq(annotations.itemId, itemId.lima!))).toEqual([]);
  });

  it("stores the spans with what was done to each suggested span, derived on the server", async () => {
    const { status, body } = await submit("ann1", "lima", { spans: [lima, bo, ana], labels: ["urgent"], suggestionId, suggestionShown: true });
    expect(status).toBe(201);
    expect(body.annotation).toMatchObject({ spans: [ana, bo, lima], labels: ["urgent"], suggestionAction: "changed" });
    const row = (await db.select().from(annotations).where(eq(annotations.id, body.annotation.id)))[0]!;
    expect(row.spanOutcomes).toEqual([
      { suggested: ana, outcome: "accepted" },
      { suggested: { ...bo, label: "location" }, outcome: "changed", final: bo },
    ]);
    // One annotation of two: resolved on one person's word until the second arrives.
    expect(await resolutionOf("lima")).toMatchObject({ method: "single", spans: [ana, bo, lima], labels: ["urgent"] });
  });

  it("sends an item to review when a span lacks a majority, with the mean pairwise exact F1 as agreement", async () => {
    await call("ann2", queueRoute, "/api/projects/ner/queue", { count: 1 }, { slug: "ner" });
    expect((await submit("ann2", "lima", { spans: [ana, bo], labels: ["urgent"] })).status).toBe(201);
    // Lima has one vote of two (not more than half): unresolved. F1 = 2·2 / (3 + 2) = 0.8.
    const resolution = (await resolutionOf("lima"))!;
    expect(resolution).toMatchObject({ method: "unresolved", spans: null, annotators: 2, reviewReasons: ["disagreement"] });
    expect(resolution.agreement).toBeCloseTo(0.8, 12);
    expect(resolution.reviewNeed).toBeGreaterThan(0);
  });

  it("resolves unanimously when both annotators mark the same spans", async () => {
    await submit("ann1", "bo", { spans: [{ start: 0, end: 2, label: "person" }] });
    await submit("ann2", "bo", { spans: [{ start: 0, end: 2, label: "person" }] });
    expect(await resolutionOf("bo")).toMatchObject({ method: "unanimous", spans: [{ start: 0, end: 2, label: "person" }], agreement: 1 });
  });

  it("undoes a spans submission, handing its spans back", async () => {
    await submit("ann3", "third", { spans: [{ start: 0, end: 3, label: "person" }] });
    const { status, body } = await call("ann3", undoRoute, "/api/projects/ner/undo", {}, { slug: "ner" });
    expect(status).toBe(200);
    expect(body.previous).toMatchObject({ spans: [{ start: 0, end: 3, label: "person" }], labels: [] });
    expect(await resolutionOf("third")).toMatchObject({ method: "unresolved", annotators: 0 });
  });

  it("takes an LLM pre-labelling run once a span prompt is saved (spans-llm-prelabel.test.ts runs one)", async () => {
    const { status, body } = await call("lead", llmRunRoute, "/api/projects/ner/llm/runs", { promptVersion: 1 }, { slug: "ner" });
    expect(status).toBe(404);
    expect(body).toMatchObject({ message: "There is no prompt version 1; save the prompt first." });
  });

  it("keeps Dawid–Skene away from spans projects", async () => {
    expect(await fitProjectDawidSkene({ db, projectId, trigger: "manual" })).toEqual({
      status: "skipped",
      reason: "Dawid–Skene does not apply to span labelling: span items resolve by majority and review.",
    });
  });
});

describe("review of a spans project", () => {
  const path = () => `/api/projects/ner/review/${itemId.lima}`;

  it("shows the reviewer each annotator's spans and the suggestion's", async () => {
    signedIn.userId = people.reviewer!;
    const response = await reviewItemRoute(new Request(`http://localhost${path()}`), routeParams({ slug: "ner", itemId: String(itemId.lima) }));
    const body = (await response.json()) as { annotations: { annotatorEmail: string; spans: unknown }[]; suggestions: { spans: unknown }[] };
    expect(body.annotations.map((a) => [a.annotatorEmail, a.spans])).toEqual([
      ["ann1@example.org", [ana, bo, lima]],
      ["ann2@example.org", [ana, bo]],
    ]);
    expect(body.suggestions[0]!.spans).toEqual([ana, { ...bo, label: "location" }]);
  });

  it("refuses a decision without spans or with invalid ones, then adjudicates with the reviewer's spans", async () => {
    const params = { slug: "ner", itemId: String(itemId.lima) };
    const missing = await call("reviewer", decideRoute, path(), { action: "decide", labels: [] }, params);
    expect(missing.status).toBe(400);
    expect(missing.body.problems[0]!.field).toBe("spans");
    const outside = await call("reviewer", decideRoute, path(), { action: "decide", labels: [], spans: [{ start: 19, end: 25, label: "location" }] }, params);
    expect(outside.body.problems).toEqual([{ field: "spans.0", message: "spans.0: Span 19–25 lies outside the text, which has 20 code points." }]);

    const decided = await call("reviewer", decideRoute, path(), { action: "decide", labels: ["urgent"], spans: [lima, ana, bo], rationale: "Lima is a place" }, params);
    expect(decided.status).toBe(200);
    expect(decided.body.resolution).toMatchObject({ method: "adjudicated", spans: [ana, bo, lima], labels: ["urgent"] });
    expect(await resolutionOf("lima")).toMatchObject({ method: "adjudicated", spans: [ana, bo, lima], reviewNeed: 0 });
  });
});

describe("PATCH /api/projects/[slug]/span-settings", () => {
  const patch = async (body: unknown) => {
    signedIn.userId = people.lead!;
    const response = await spanSettingsRoute(
      new Request("http://localhost/api/projects/ner/span-settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      routeParams({ slug: "ner" }),
    );
    return { status: response.status, body: (await response.json()) as { settings: unknown; problems?: unknown } };
  };

  it("changes one knob and keeps the others, and refuses a majority of 1", async () => {
    expect(await patch({ allowOverlap: true })).toEqual({ status: 200, body: { settings: { characterLevel: false, allowOverlap: true, majority: 0.5 } } });
    expect((await patch({ majority: 1 })).status).toBe(400);
    const stored = (await getProjectBySlug({ db, slug: "ner" }))!.settings;
    expect(stored).toEqual({ anchoringShare: 0, spans: { allowOverlap: true } });
    expect((await patch({ allowOverlap: false })).status).toBe(200);
  });
});

describe("span agreement", () => {
  it("reads entity F1 per pair and entity type from the current annotations", async () => {
    signedIn.userId = people.reviewer!;
    const response = await agreementRoute(new Request("http://localhost/api/projects/ner/agreement"), routeParams({ slug: "ner" }));
    expect(response.status).toBe(200);
    const { spans } = (await response.json()) as { spans: SpanAgreementSummary };
    // lima: ann1 3 spans, ann2 2, 2 exact matches; bo: 1 and 1, 1 match. Pooled: 2·3 / (5 + 2) = 6/7.
    expect(spans.exactF1.value).toBeCloseTo(6 / 7, 12);
    expect(spans.exactF1.ci95).toBeDefined();
    expect(spans.perLabel.person!.exactF1.value).toBe(1);
    expect(spans.perLabel.location!.exactF1.value).toBe(0);
    expect(spans.pairwise.map((p: { annotators: string[]; sharedItems: number }) => [p.annotators, p.sharedItems])).toEqual([[["ann1", "ann2"], 2]]);
  });
});

describe("exports of a spans project", () => {
  async function snapshot(name: string) {
    signedIn.userId = people.lead!;
    const response = await snapshotRoute(
      jsonPost("/api/projects/ner/exports", { name, decidedBy: ["adjudicated", "unanimous"], minAnnotations: 1, includeAnnotations: true }),
      routeParams({ slug: "ner" }),
    );
    const { job } = (await response.json()) as { job: JobView };
    expect(await runToEnd(db, getJob({ db, jobId: job.id }).then((j) => j!))).toMatchObject({ state: "succeeded" });
    return (await getExportSnapshot({ db, projectId, name }))!;
  }

  async function exportTwice(stored: Awaited<ReturnType<typeof snapshot>>, format: "jsonl" | "csv" | "hf" | "label-studio") {
    const project = (await getProjectBySlug({ db, slug: "ner" }))!;
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "goldset-spans-export-")));
    outDirs.push(...dirs);
    const fresh = async () => (await getExportSnapshot({ db, projectId, name: stored.name }))!;
    const first = await exportSnapshot({ db, project, snapshot: await fresh(), format, outDir: dirs[0]!, actorId: people.lead! });
    const second = await exportSnapshot({ db, project, snapshot: await fresh(), format, outDir: dirs[1]!, actorId: people.lead! });
    expect(second.manifest.sha256).toBe(first.manifest.sha256);
    return dirs[0]!;
  }

  it("writes the final and per-annotation spans, in code points with their text, byte-identical on re-export", async () => {
    const stored = await snapshot("v1");
    const jsonl = readFileSync(join(await exportTwice(stored, "jsonl"), "data.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(jsonl.map((r) => r.id)).toEqual(["lima", "bo"]);
    expect(jsonl[0]).toMatchObject({
      labels: ["urgent"],
      spans: [
        { start: 0, end: 3, label: "person", text: "Ana" },
        { start: 10, end: 12, label: "person", text: "Bo" },
        { start: 16, end: 20, label: "location", text: "Lima" },
      ],
      decided_by: "adjudicated",
    });
    expect(jsonl[0].annotations.map((a: { annotator: string; spans: { text: string }[] }) => [a.annotator, a.spans.map((s) => s.text)])).toEqual([
      ["ann1@example.org", ["Ana", "Bo", "Lima"]],
      ["ann2@example.org", ["Ana", "Bo"]],
    ]);
    // Python's "Ana 🙂 met Bo in Lima"[16:20] is "Lima": code points, not UTF-16 units.
    expect(Array.from(LIMA_TEXT).slice(16, 20).join("")).toBe("Lima");

    const csv = readFileSync(join(await exportTwice(stored, "csv"), "data.csv"), "utf8").split("\r\n");
    expect(csv[0]).toBe("id,text,labels,spans,decided_by,agreement,annotators,not_sure,suggestion_accepted,suggestion_source,suggestion_model,suggestion_prompt_version,split,metadata");
    expect(csv[2]).toBe('bo,Bo left,,"[{""end"":2,""label"":""person"",""start"":0,""text"":""Bo""}]",unanimous,1,2,0,,,,,,{}');

    const hf = join(await exportTwice(stored, "hf"), "data", "all.jsonl");
    expect(JSON.parse(readFileSync(hf, "utf8").split("\n")[1]!)).toMatchObject({ id: "bo", labels: [], spans: [{ start: 0, end: 2, label: "person", text: "Bo" }] });

    const ls = await exportTwice(stored, "label-studio");
    const tasks = JSON.parse(readFileSync(join(ls, "label-studio.json"), "utf8")) as { annotations: { result: unknown[] }[] }[];
    expect(tasks[1]!.annotations[0]!.result).toEqual([
      { from_name: "entities", to_name: "text", type: "labels", value: { start: 0, end: 2, text: "Bo", labels: ["person"] } },
    ]);
    expect(readFileSync(join(ls, "labeling-config.xml"), "utf8")).toContain('<Labels name="entities" toName="text">\n    <Label value="person"/>\n    <Label value="location"/>\n  </Labels>');
  });
});

it("refuses a spans field on a classification project with 400, storing nothing", async () => {
  const sms = await seedProject(db, {
    people: { smsLead: "lead", smsAnn: "annotator" },
    project: { slug: "sms2", labels: ["ham", "spam"] },
    items: ["m1"],
  });
  signedIn.userId = sms.people.smsAnn;
  const response = await submitRoute(jsonPost("/api/projects/sms2/annotations", { id: randomUUID(), itemId: sms.items.m1, labels: ["ham"], spans: [] }), routeParams({ slug: "sms2" }));
  expect(response.status).toBe(400);
  expect(((await response.json()) as { problems: unknown }).problems).toEqual([
    { field: "spans", message: "spans: this project classifies whole items; spans belong to a spans project" },
  ]);
  expect(await db.select().from(annotations).where(and(eq(annotations.projectId, sms.projectId)))).toEqual([]);
});
