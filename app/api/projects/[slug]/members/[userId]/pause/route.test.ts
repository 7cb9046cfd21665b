// A lead pauses an annotator by hand and lifts the pause: the queue then serves them nothing and
// their labels are refused, until the unpause; both are audited with who and why.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, memberships } from "@/db/schema";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { DELETE, POST } from "./route";
import { POST as nextItems } from "../../../queue/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void | Promise<void>;
let people: Record<string, string>;
let projectId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people } = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator" },
    project: { slug: "sms", labels: ["ham", "spam"] },
    items: ["a", "b", "c"],
  }));
});
afterAll(() => close());

const pause = (userId: string, body: unknown) => POST(jsonPost(`/api/projects/sms/members/${userId}/pause`, body), routeParams({ slug: "sms", userId }));
const unpause = (userId: string) =>
  DELETE(new Request(`http://localhost/api/projects/sms/members/${userId}/pause`, { method: "DELETE" }), routeParams({ slug: "sms", userId }));
const queue = () => nextItems(jsonPost("/api/projects/sms/queue", {}), routeParams({ slug: "sms" }));

describe("POST /api/projects/[slug]/members/[userId]/pause", () => {
  it("is refused to a reviewer and to the annotator themselves", async () => {
    signedIn.userId = people.reviewer!;
    expect((await pause(people.ann!, { reason: "x" })).status).toBe(403);
    signedIn.userId = people.ann!;
    expect((await pause(people.ann!, { reason: "x" })).status).toBe(403);
  });

  it("needs a reason, and pauses annotators only", async () => {
    signedIn.userId = people.lead!;
    const blank = await pause(people.ann!, { reason: "  " });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { message: string }).message).toContain("Say why the annotator is paused.");
    const reviewer = await pause(people.reviewer!, { reason: "slow" });
    expect(reviewer.status).toBe(409);
    expect(((await reviewer.json()) as { message: string }).message).toBe("Only annotators can be paused; this member is a reviewer.");
    expect((await pause("no-such-user", { reason: "slow" })).status).toBe(404);
  });

  it("pauses the annotator (their queue is empty and says so), once, audited; the unpause gives the queue back", async () => {
    signedIn.userId = people.ann!;
    const before = (await (await queue()).json()) as { items: unknown[]; paused: boolean };
    expect(before.items.length).toBeGreaterThan(0);

    signedIn.userId = people.lead!;
    expect((await pause(people.ann!, { reason: "Read the guidelines again" })).status).toBe(200);
    const twice = await pause(people.ann!, { reason: "again" });
    expect(twice.status).toBe(409);
    const [member] = await db
      .select({ pausedReason: memberships.pausedReason })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, people.ann!)));
    expect(member!.pausedReason).toBe("Read the guidelines again");

    signedIn.userId = people.ann!;
    const paused = (await (await queue()).json()) as { items: unknown[]; paused: boolean };
    expect(paused).toMatchObject({ items: [], paused: true });

    signedIn.userId = people.lead!;
    expect((await unpause(people.ann!)).status).toBe(200);
    signedIn.userId = people.ann!;
    const after = (await (await queue()).json()) as { items: unknown[]; paused: boolean };
    expect(after.paused).toBe(false);
    expect(after.items.length).toBeGreaterThan(0);

    const audit = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId, targetId: auditLog.targetId, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.projectId, projectId))
      .orderBy(auditLog.id);
    const pauses = audit.filter((row) => row.action.endsWith("pause"));
    expect(pauses).toEqual([
      { action: "member.pause", actorId: people.lead, targetId: people.ann, details: { reason: "Read the guidelines again", manual: true } },
      { action: "member.unpause", actorId: people.lead, targetId: people.ann, details: { reason: "Read the guidelines again" } },
    ]);
  });
});
