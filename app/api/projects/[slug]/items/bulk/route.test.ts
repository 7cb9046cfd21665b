import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { getJob } from "@/db/queries/jobs";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead", reviewer: "reviewer" }, project: { slug: "sms", labels: ["ham", "spam"] }, items: ["m1", "m2", "m3"] });
  people = seed.people;
});
afterAll(() => close());

const post = (body: unknown) =>
  POST(new Request("http://localhost/api/projects/sms/items/bulk", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), routeParams({ slug: "sms" }));

describe("POST /api/projects/[slug]/items/bulk", () => {
  it("queues a bulk-items job for a lead and answers with it at once", async () => {
    signedIn.userId = people.lead!;
    const response = await post({ action: "exclude", target: { kind: "filter", query: "q=m1" }, reason: "duplicate" });
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: { id: number; kind: string; state: string } };
    expect(job).toMatchObject({ kind: "bulk-items", state: "queued" });
    const done = await runToEnd(db, (await getJob({ db, jobId: job.id }))!);
    expect(done.result).toEqual({ action: "exclude", changed: 1, already: 0, missing: 0 });
  });

  it("refuses a filter the browser would refuse, a selection past the cap, and an action that does not exist, naming the field", async () => {
    signedIn.userId = people.lead!;
    const badFilter = await post({ action: "reopen", target: { kind: "filter", query: "status=pending" } });
    expect(badFilter.status).toBe(400);
    expect(((await badFilter.json()) as { message: string }).message).toContain("status");
    const tooMany = await post({ action: "reopen", target: { kind: "selection", itemIds: Array.from({ length: 10_001 }, (_, i) => i + 1) } });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { message: string }).message).toContain("target.itemIds");
    expect((await post({ action: "delete_items", target: { kind: "selection", itemIds: [1] } })).status).toBe(400);
  });

  it("refuses reviewers: bulk actions are the lead's (manageSettings)", async () => {
    signedIn.userId = people.reviewer!;
    expect((await post({ action: "reopen", target: { kind: "selection", itemIds: [1] } })).status).toBe(403);
  });
});
