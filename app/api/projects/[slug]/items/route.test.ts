import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET } from "./route";
import { GET as COUNT } from "./count/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", annotator: "annotator", admin: { role: null, isAdmin: true }, outsider: null },
    project: { slug: "sms", labels: ["ham", "spam"], overlap: 1 },
    items: ["m1", "m2", "m3"],
  });
  people = seed.people;
  await seed.label("annotator", "m2", ["spam"]);
});
afterAll(() => close());

const get = (query: string) => GET(new Request(`http://localhost/api/projects/sms/items?${query}`), routeParams({ slug: "sms" }));
const count = (query: string) => COUNT(new Request(`http://localhost/api/projects/sms/items/count?${query}`), routeParams({ slug: "sms" }));

describe("GET /api/projects/[slug]/items and its count", () => {
  it("gives leads, reviewers and site admins the filtered page and its count", async () => {
    for (const person of ["lead", "reviewer", "admin"]) {
      signedIn.userId = people[person]!;
      const response = await get("status=open");
      expect(response.status, person).toBe(200);
      const body = (await response.json()) as { items: { externalId: string }[]; nextQuery: string | null };
      expect(body.items.map((i) => i.externalId), person).toEqual(["m1", "m3"]);
      expect(body.nextQuery).toBeNull();
      const counted = await count("status=open");
      expect(counted.status, person).toBe(200);
      expect(await counted.json()).toEqual({ n: 2, more: false });
    }
    signedIn.userId = people.lead!;
    const labelled = (await (await get(`anyLabel=spam&annotator=${people.annotator}`)).json()) as { items: { externalId: string; finalLabels: string[] }[] };
    expect(labelled.items).toMatchObject([{ externalId: "m2", finalLabels: ["spam"] }]);
  });

  it("refuses annotators, who may not see each other's labels, and people outside the project", async () => {
    signedIn.userId = people.annotator!;
    expect((await get("")).status).toBe(403);
    expect((await count("")).status).toBe(403);
    signedIn.userId = people.outsider!;
    expect([403, 404]).toContain((await get("")).status);
    expect([403, 404]).toContain((await count("")).status);
    signedIn.userId = null;
    expect((await get("")).status).toBe(401);
    expect((await count("")).status).toBe(401);
  });

  it("answers a bad filter with a 400 that names it", async () => {
    signedIn.userId = people.lead!;
    const response = await get("status=pending&batch=x");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(/status/);
    expect(body.message).toMatch(/batch: must be an import batch number/);
  });
});
