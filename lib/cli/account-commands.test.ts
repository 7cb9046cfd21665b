import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { openRouteTestDatabase } from "@/app/api/route-test-support";
import { auditLog } from "@/db/schema";
import { getRole } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { seedProject } from "@/db/test-seed";
import { main } from "./main";

let close: () => Promise<void>;
let db: Db;
let projectId: string;
let annId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", name: "Lead" }, ann: { role: "annotator", name: "Ann" } },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
  });
  ({ projectId, people: { ann: annId } } = seed);
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
