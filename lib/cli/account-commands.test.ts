import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { openRouteTestDatabase } from "@/app/api/route-test-support";
import { auditLog } from "@/db/schema";
import { getRole, setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { main } from "./main";

let close: () => Promise<void>;
let db: Db;
let projectId: string;
let annId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const lead = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  annId = (await createUser({ db, email: "ann@example.org", name: "Ann", passwordHash: "x" })).id;
  projectId = (await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead }))
    .id;
  await setMemberRole({ db, projectId, userId: annId, role: "annotator", actorId: lead });
});
afterAll(() => close());

describe("goldset user deactivate / reactivate, member remove", () => {
  it("deactivates and reactivates an account, ending its sessions, and audits both", async () => {
    const before = (await getUserByEmail({ db, email: "ann@example.org" }))!.sessionVersion;
    expect(await main(["user", "deactivate", "--email", "ann@example.org"])).toBe(0);
    const deactivated = (await getUserByEmail({ db, email: "ann@example.org" }))!;
    expect(deactivated.deactivatedAt).not.toBeNull();
    expect(deactivated.sessionVersion).toBe(before + 1);
    expect(await main(["user", "reactivate", "--email", "ann@example.org"])).toBe(0);
    expect((await getUserByEmail({ db, email: "ann@example.org" }))!.deactivatedAt).toBeNull();
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, annId))).map((r) => r.action);
    expect(actions).toEqual(["user.create", "member.add", "user.deactivate", "user.reactivate"]);
  });

  it("removes a member, and fails with 1 on an unknown email", async () => {
    expect(await main(["member", "remove", "--project", "sms", "--email", "ann@example.org"])).toBe(0);
    expect(await getRole({ db, projectId, userId: annId })).toBeNull();
    expect(await main(["member", "remove", "--project", "sms", "--email", "nobody@example.org"])).toBe(1);
  });
});
