import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { importPredictions } from "@/db/queries/suggestions";
import { seedProject, submitLabel } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET } from "./route";
import { rawRow, rawRows } from "@/db/raw-sql";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;
let itemIds: Record<string, number>;
/** Imported suggestion id by external item id. */
const suggestionIds: Record<string, number> = {};

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people, items: itemIds } = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann1: "annotator", ann2: "annotator" },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: ["m1", "m2", "m3"].map((externalId) => ({ externalId, text: `Text of ${externalId}` })),
  }));
  await importPredictions({
    db,
    projectId,
    actorId: people.lead!,
    fileName: "p.jsonl",
    format: "jsonl",
    rows: ["m1", "m2", "m3"].map((externalId, index) => ({ externalId, labels: ["spam"], line: index + 1 })),
  });
  for (const row of (await rawRows(db, "select s.id, i.external_id from suggestions s join items i on i.id = s.item_id")) as {
    id: number;
    external_id: string;
  }[]) {
    suggestionIds[row.external_id] = row.id;
  }
});
afterAll(() => close());

async function suggestionAs(name: string, externalId: string): Promise<{ status: number; suggestionId: number | null }> {
  signedIn.userId = people[name]!;
  const itemId = String(itemIds[externalId]);
  const response = await GET(new Request(`http://localhost/api/projects/sms/llm/suggestions/${itemId}`), routeParams({ slug: "sms", itemId }));
  const body = (await response.json()) as { suggestion?: { id: number } | null };
  return { status: response.status, suggestionId: body.suggestion?.id ?? null };
}

describe("GET /api/projects/[slug]/llm/suggestions/[itemId]", () => {
  it("answers an annotator only for items leased to them or labelled by them, and leads and reviewers for any item", async () => {
    // The queue leases m1 to annotator 1, who labels it, then m2.
    const [first] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    expect(first?.externalId).toBe("m1");
    await submitLabel({ db, projectId, annotatorId: people.ann1!, itemId: itemIds.m1!, labels: ["ham"] });
    const [second] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    expect(second?.externalId).toBe("m2");

    expect(await suggestionAs("ann1", "m1")).toEqual({ status: 200, suggestionId: suggestionIds.m1 });
    expect(await suggestionAs("ann1", "m2")).toEqual({ status: 200, suggestionId: suggestionIds.m2 });
    // m3 was never served to annotator 1; m1 and m2 were never served to annotator 2.
    expect(await suggestionAs("ann1", "m3")).toEqual({ status: 404, suggestionId: null });
    expect(await suggestionAs("ann2", "m1")).toEqual({ status: 404, suggestionId: null });
    expect(await suggestionAs("ann2", "m2")).toEqual({ status: 404, suggestionId: null });
    expect(await suggestionAs("reviewer", "m3")).toEqual({ status: 200, suggestionId: suggestionIds.m3 });
    expect(await suggestionAs("lead", "m3")).toEqual({ status: 200, suggestionId: suggestionIds.m3 });
    // Nothing was written for the refused requests: the project still holds the three imported suggestions.
    expect(((await rawRow(db, "select count(*) as n from suggestions")) as { n: number }).n).toBe(3);
  });
});
