import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET as listMembers } from "../route";
import { DELETE } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let people: Record<string, string>;
let projectId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people } = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator" },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
  }));
});
afterAll(() => close());

const remove = (userId: string) =>
  DELETE(new Request(`http://localhost/api/projects/sms/members/${userId}`, { method: "DELETE" }), routeParams({ slug: "sms", userId }));

describe("DELETE /api/projects/[slug]/members/[userId]", () => {
  it("is refused to a reviewer", async () => {
    signedIn.userId = people.reviewer!;
    expect((await remove(people.ann!)).status).toBe(403);
  });

  it("removes a member for the lead, who then loses the project on their next request; audited", async () => {
    signedIn.userId = people.lead!;
    const response = await remove(people.reviewer!);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { members: { email: string }[] }).members.map((m) => m.email)).toEqual(["ann@example.org", "lead@example.org"]);
    signedIn.userId = people.reviewer!;
    expect((await remove(people.ann!)).status).toBe(404);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "member.remove"));
    expect(audit.map((r) => [r.projectId, r.actorId, r.targetId, r.details])).toEqual([[projectId, people.lead, people.reviewer, { role: "reviewer" }]]);
  });

  it("keeps the project's only lead (409) and says when the user is not a member (404)", async () => {
    signedIn.userId = people.lead!;
    const lastLead = await remove(people.lead!);
    expect(lastLead.status).toBe(409);
    expect((await lastLead.json()).message).toBe("This is the project's only lead: make someone else lead before removing them.");
    expect((await remove(people.reviewer!)).status).toBe(404);
    const members = await listMembers(new Request("http://localhost/api/projects/sms/members"), routeParams({ slug: "sms" }));
    expect(((await members.json()) as { members: unknown[] }).members).toHaveLength(2);
  });
});
