import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => Promise<void>;
let itemId: number;
let foreignItem: number;
let people: Record<"lead" | "reviewer" | "annotator" | "admin", string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", annotator: "annotator", admin: { role: null, isAdmin: true } },
    // Annotators are shown `source` only; `gold` is for those who may export.
    project: { slug: "sms", labels: ["ham", "spam"], settings: { visibleMetadata: ["source"] } },
    items: [{ externalId: "m1", text: "Win a prize", metadata: { source: "sms-2012", gold: "spam" } }],
  });
  people = seed.people;
  itemId = seed.items.m1;
  await seed.label("annotator", "m1", ["spam"]);
  foreignItem = (await seedProject(db, { project: { slug: "other", labels: ["ham"] }, items: ["x1"] })).items.x1;
});
afterAll(() => close());

async function historyAs(person: keyof typeof people, id: number) {
  signedIn.userId = people[person];
  const response = await GET(new Request(`http://localhost/api/projects/sms/items/${id}/history`), routeParams({ slug: "sms", itemId: String(id) }));
  return { status: response.status, body: (await response.json()) as { item?: { metadata: Record<string, unknown> }; events?: { kind: string; annotator?: string }[] } };
}

describe("GET /api/projects/[slug]/items/[itemId]/history", () => {
  it("gives the lead the whole story, with every metadata key", async () => {
    const { status, body } = await historyAs("lead", itemId);
    expect(status).toBe(200);
    expect(body.item?.metadata).toEqual({ source: "sms-2012", gold: "spam" });
    expect(body.events?.map((e) => e.kind)).toEqual(["import", "annotation", "resolution"]);
    expect(body.events?.[1]?.annotator).toBe("annotator");
  });

  it("gives a reviewer the story with the metadata annotators see, and only that", async () => {
    const { status, body } = await historyAs("reviewer", itemId);
    expect(status).toBe(200);
    expect(body.item?.metadata).toEqual({ source: "sms-2012" });
    expect(body.events?.map((e) => e.kind)).toEqual(["import", "annotation", "resolution"]);
  });

  it("lets a site admin who is not a member read it", async () => {
    expect((await historyAs("admin", itemId)).status).toBe(200);
  });

  it("refuses an annotator, who must not see others' labels", async () => {
    const { status, body } = await historyAs("annotator", itemId);
    expect(status).toBe(403);
    expect(body.events).toBeUndefined();
  });

  it("answers 404 for another project's item asked for through this project", async () => {
    const { status, body } = await historyAs("lead", foreignItem);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: "not_found", message: `Item ${foreignItem} is not in this project.` });
    expect(body.events).toBeUndefined();
  });

  it("answers 400 for an id that is not a number", async () => {
    signedIn.userId = people.lead;
    const response = await GET(new Request("http://localhost/api/projects/sms/items/abc/history"), routeParams({ slug: "sms", itemId: "abc" }));
    expect(response.status).toBe(400);
  });
});
