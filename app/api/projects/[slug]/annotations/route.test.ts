import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { annotations, items } from "@/db/schema";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;
let itemId: Record<string, number>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people, items: itemId } = await seedProject(db, {
    people: { lead: "lead", ann1: "annotator", ann2: "annotator", ann3: "annotator" },
    project: { name: "Votes", slug: "votes", labels: ["ham", "spam"], overlap: 2 },
    items: ["one", "two", "three", "four"],
  }));
});
afterAll(() => close());

async function submitAs(who: string, item: string, label: string) {
  signedIn.userId = people[who]!;
  const body = { id: randomUUID(), itemId: itemId[item], labels: [label] };
  const response = await POST(jsonPost("/api/projects/votes/annotations", body), routeParams({ slug: "votes" }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const leaseNext = async (who: string) => (await nextItemsForAnnotator({ db, projectId, userId: people[who]!, count: 1 })).map((item) => item.externalId);

async function labelRows(item: string) {
  return await db.select({ annotator: annotations.annotatorId, labels: annotations.labels }).from(annotations).where(eq(annotations.itemId, itemId[item]!));
}

const labelledBy = async (item: string) => (await db.select({ n: items.labelledBy }).from(items).where(eq(items.id, itemId[item]!)).limit(1))[0]?.n;

describe("POST /api/projects/[slug]/annotations: one vote per place under the overlap", () => {
  it("takes first labels from the annotators the queue leased the item to, and refuses a third with 409, writing nothing", async () => {
    expect(await leaseNext("ann1")).toEqual(["one"]);
    expect(await leaseNext("ann2")).toEqual(["one"]);
    expect((await submitAs("ann1", "one", "ham")).status).toBe(201);
    expect((await submitAs("ann2", "one", "spam")).status).toBe(201);

    const refused = await submitAs("ann3", "one", "ham");
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      "Item one already has the annotations it needs and is not leased to you; nothing was saved: take the next item from the queue.",
    );
    expect(await labelRows("one")).toHaveLength(2);
    expect(await labelledBy("one")).toBe(2);
  });

  it("counts other annotators' live leases as taken places", async () => {
    // ann1 and ann2 now hold "two", the next item of the queue for both.
    expect(await leaseNext("ann1")).toEqual(["two"]);
    expect(await leaseNext("ann2")).toEqual(["two"]);
    const refused = await submitAs("ann3", "two", "spam");
    expect(refused.status).toBe(409);
    // The refusal says nothing of the two leases other annotators hold.
    expect(refused.body.message).toBe(
      "Item two already has the annotations it needs and is not leased to you; nothing was saved: take the next item from the queue.",
    );
    expect(await labelRows("two")).toEqual([]);
  });

  it("accepts a first label without a lease while the item still has room", async () => {
    expect((await submitAs("ann3", "four", "spam")).status).toBe(201);
    expect(await labelledBy("four")).toBe(1);
  });

  it("lets an annotator correct their own label on a full item, superseding it", async () => {
    const corrected = await submitAs("ann1", "one", "spam");
    expect(corrected.status).toBe(201);
    const rows = await labelRows("one");
    expect(rows).toHaveLength(3);
    expect(rows.filter((row) => row.annotator === people.ann1).map((row) => row.labels)).toEqual([["ham"], ["spam"]]);
    expect(await labelledBy("one")).toBe(2);
  });
});
