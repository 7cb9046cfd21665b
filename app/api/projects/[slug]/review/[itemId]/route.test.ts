import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let itemId: number;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer" },
    // Annotators see `source` only; `gold` stays hidden from everyone who labels or decides.
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], settings: { visibleMetadata: ["source"] } },
    items: [{ externalId: "m1", text: "Win a prize", metadata: { source: "sms-2012", gold: "spam" } }],
  });
  people = seed.people;
  itemId = seed.items.m1;
});
afterAll(() => close());

describe("GET /api/projects/[slug]/review/[itemId]", () => {
  it("gives the reviewer the item metadata annotators see, and only that", async () => {
    signedIn.userId = people.reviewer!;
    const response = await GET(new Request(`http://localhost/api/projects/sms/review/${itemId}`), routeParams({ slug: "sms", itemId: String(itemId) }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { item: { metadata: Record<string, unknown> } };
    expect(body.item.metadata).toEqual({ source: "sms-2012" });
  });
});
