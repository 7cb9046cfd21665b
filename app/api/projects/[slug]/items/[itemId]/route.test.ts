// GET /api/v1/projects/{slug}/items/{itemId}: what a script reads of one item. Its answer is held
// against the document's ItemReading schema, so the route and its documentation cannot drift.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { errorSchema } from "@/lib/api/openapi/error-schema";
import { itemReadingSchema } from "@/lib/api/openapi/response-schemas";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => Promise<void>;
let items: Record<"m1" | "m2", number>;
let foreignItem: number;
let people: Record<"lead" | "reviewer" | "ann" | "bea" | "admin", string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator", bea: "annotator", admin: { role: null, isAdmin: true } },
    project: { slug: "sms", labels: ["ham", "spam"], overlap: 2, settings: { visibleMetadata: ["source"] } },
    items: [{ externalId: "m1", text: "Win a prize", metadata: { source: "sms-2012", gold: "spam" } }, "m2"],
  });
  people = seed.people;
  items = seed.items;
  await seed.label("ann", "m1", ["ham"], { now: new Date("2026-01-02T10:00:00Z") });
  // Ann changes her mind: her first label is superseded and must not count.
  await seed.label("ann", "m1", ["spam"], { now: new Date("2026-01-02T10:05:00Z") });
  await seed.label("bea", "m1", ["spam"], { notSure: true, now: new Date("2026-01-02T11:00:00Z") });
  foreignItem = (await seedProject(db, { project: { slug: "other", labels: ["ham"] }, items: ["x1"] })).items.x1;
});
afterAll(() => close());

async function readAs(person: keyof typeof people, itemId: string) {
  signedIn.userId = people[person];
  const response = await GET(new Request(`http://localhost/api/v1/projects/sms/items/${itemId}`), routeParams({ slug: "sms", itemId }));
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("GET /api/v1/projects/[slug]/items/[itemId]", () => {
  it("gives the lead the item, each annotator's label in force (not the one replaced), and the resolution", async () => {
    const { status, body } = await readAs("lead", String(items.m1));
    expect(status).toBe(200);
    const reading = itemReadingSchema.parse(body);
    expect(reading.item).toMatchObject({ id: items.m1, externalId: "m1", text: "Win a prize", metadata: { source: "sms-2012", gold: "spam" } });
    expect(reading.annotations.map(({ annotator, labels, notSure, at }) => ({ annotator, labels, notSure, at }))).toEqual([
      { annotator: "ann", labels: ["spam"], notSure: false, at: "2026-01-02T10:05:00.000Z" },
      { annotator: "bea", labels: ["spam"], notSure: true, at: "2026-01-02T11:00:00.000Z" },
    ]);
    // Two annotators agree on spam (overlap 2): unanimous, one of them not sure.
    expect(reading.resolution).toMatchObject({ method: "unanimous", labels: ["spam"], annotators: 2, notSure: 1 });
  });

  it("gives an item nobody labelled with no annotations and no resolution", async () => {
    const reading = itemReadingSchema.parse((await readAs("lead", String(items.m2))).body);
    expect(reading.annotations).toEqual([]);
    expect(reading.resolution).toBeNull();
  });

  it("shows a reviewer the metadata annotators see, and only that", async () => {
    const reading = itemReadingSchema.parse((await readAs("reviewer", String(items.m1))).body);
    expect(reading.item.metadata).toEqual({ source: "sms-2012" });
    expect(reading.annotations).toHaveLength(2);
  });

  it("refuses an annotator, who must not see the others' labels", async () => {
    const { status, body } = await readAs("ann", String(items.m1));
    expect(status).toBe(403);
    expect(errorSchema.parse(body).error).toBe("forbidden");
  });

  it("answers an item of another project as not found, and a malformed id as a bad request naming the field", async () => {
    const foreign = await readAs("lead", String(foreignItem));
    expect(foreign.status).toBe(404);
    expect(errorSchema.parse(foreign.body)).toEqual({ error: "not_found", message: `Item ${foreignItem} is not in this project.` });
    const malformed = await readAs("lead", "abc");
    expect(malformed.status).toBe(400);
    expect(errorSchema.parse(malformed.body)).toMatchObject({ error: "bad_request", field: "itemId" });
  });
});
