// A review decision in a spans project records, per decided span, which annotators' spans it took:
// computed on the server from the stored annotations, whatever the request claims. Runs on SQLite,
// and on PostgreSQL with GOLDSET_DATABASE_URL / GOLDSET_TEST_PG_URL.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { adjudications, auditLog, itemResolutions } from "@/db/schema";
import { seedProject } from "@/db/test-seed";
import { computeAgreement } from "@/db/queries/agreement";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as submitRoute } from "../../annotations/route";
import { GET as historyRoute } from "../../items/[itemId]/history/route";
import { GET as reviewItemRoute, POST as decideRoute } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => Promise<void>;
let people: Record<string, string>;
let itemId: number;
let projectId: string;

// Code points: "Ana met Bo in Lima" — Ana 0–3, Bo 8–10, Lima 14–18.
const TEXT = "Ana met Bo in Lima";
const ana = { start: 0, end: 3, label: "person" };
const bo = { start: 8, end: 10, label: "person" };
const boPlace = { start: 8, end: 10, label: "place" };
const lima = { start: 14, end: 18, label: "place" };

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", ann1: "annotator", ann2: "annotator", reviewer: "reviewer" },
    project: { slug: "ner-review", taskType: "spans", labels: [{ name: "person" }, { name: "place" }], overlap: 2 },
    items: [{ externalId: "lima", text: TEXT }],
  });
  people = seed.people;
  itemId = seed.items.lima!;
  projectId = seed.projectId;
  const submit = async (who: string, spans: unknown[]) => {
    signedIn.userId = people[who]!;
    const response = await submitRoute(jsonPost("/api/projects/ner-review/annotations", { id: randomUUID(), itemId, labels: [], spans }), routeParams({ slug: "ner-review" }));
    expect(response.status).toBe(201);
  };
  // ann1 and ann2 agree on Ana; ann1 calls Bo a person, ann2 a place; only ann2 marked Lima.
  await submit("ann1", [ana, bo]);
  await submit("ann2", [ana, boPlace, lima]);
});
afterAll(() => close());

const params = () => routeParams({ slug: "ner-review", itemId: String(itemId) });

async function decide(who: string, body: unknown) {
  signedIn.userId = people[who]!;
  const response = await decideRoute(jsonPost(`/api/projects/ner-review/review/${itemId}`, body), params());
  return { status: response.status, body: (await response.json()) as { resolution?: { spans: unknown } } };
}

describe("POST /api/projects/[slug]/review/[itemId] in a spans project", () => {
  it("keeps annotators out of the reviewer's view and decision", async () => {
    signedIn.userId = people.ann1!;
    expect((await reviewItemRoute(new Request(`http://localhost/api/projects/ner-review/review/${itemId}`), params())).status).toBe(403);
    expect((await decide("ann1", { action: "decide", labels: [], spans: [ana] })).status).toBe(403);
    expect(await db.select().from(adjudications).where(eq(adjudications.itemId, itemId))).toEqual([]);
  });

  it("gives the reviewer every annotator's spans, by annotator id", async () => {
    signedIn.userId = people.reviewer!;
    const response = await reviewItemRoute(new Request(`http://localhost/api/projects/ner-review/review/${itemId}`), params());
    const body = (await response.json()) as { annotations: { annotatorId: string; spans: unknown }[] };
    expect(body.annotations.map((a) => [a.annotatorId, a.spans])).toEqual([
      [people.ann1, [ana, bo]],
      [people.ann2, [ana, boPlace, lima]],
    ]);
  });

  it("stores with each decided span the annotators whose exact span it took, ignoring any the client claims", async () => {
    // Ana (both), ann1's Bo person, Lima moved to " Lima" by the reviewer (13–18: nobody's), and a
    // forged `from` on Ana that the server must not keep.
    const movedLima = { start: 13, end: 18, label: "place" };
    const { status, body } = await decide("reviewer", {
      action: "decide",
      labels: [],
      spans: [{ ...ana, from: [people.reviewer] }, bo, movedLima],
      rationale: "Bo is a person",
    });
    expect(status).toBe(200);
    const both = [people.ann1!, people.ann2!].sort();
    const stored = (await db.select({ spans: adjudications.spans }).from(adjudications).where(and(eq(adjudications.itemId, itemId), eq(adjudications.action, "decide"))))[0]!;
    expect(stored.spans).toEqual([
      { ...ana, from: both },
      { ...bo, from: [people.ann1] },
      { ...movedLima, from: [] },
    ]);
    // The audit row carries the same record; the resolution (and so every export) only the spans.
    const audit = (await db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "item.adjudicate")))[0]!;
    expect(audit.details.spans).toEqual(stored.spans);
    expect(body.resolution!.spans).toEqual([ana, bo, movedLima]);
    const resolution = (await db.select({ spans: itemResolutions.spans, method: itemResolutions.method }).from(itemResolutions).where(eq(itemResolutions.itemId, itemId)))[0]!;
    expect(resolution).toEqual({ method: "adjudicated", spans: [ana, bo, movedLima] });
  });

  it("shows the decided spans and their annotators by name in the item history", async () => {
    signedIn.userId = people.lead!;
    const response = await historyRoute(new Request(`http://localhost/api/projects/ner-review/items/${itemId}/history`), params());
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: { kind: string; spans?: unknown }[]; resolution: { spans: unknown } };
    const decision = body.events.find((e) => e.kind === "decision")!;
    // seedProject names each person after their key.
    expect(decision.spans).toEqual([
      { start: 0, end: 3, label: "person", text: "Ana", from: ["ann1", "ann2"] },
      { start: 8, end: 10, label: "person", text: "Bo", from: ["ann1"] },
      { start: 13, end: 18, label: "place", text: " Lima", from: [] },
    ]);
    expect(body.resolution.spans).toEqual([ana, bo, { start: 13, end: 18, label: "place" }]);
  });

  it("leaves the project's agreement computable (an export snapshot computes it) with an adjudicated item that has no item labels", async () => {
    // The decision has no item labels: read as a reference label, its empty set was a missing label
    // and the export-snapshot job failed.
    const { summary, annotationCount } = await computeAgreement({ db, projectId, resamples: 0 });
    expect(annotationCount).toBe(2);
    expect(summary).toBeDefined();
  });
});
