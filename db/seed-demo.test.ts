import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "./index";
import { auditLog, siteSettings } from "./schema";
import { openTestDatabase } from "./test-database";
import { isDemoInstance } from "./queries/site-settings";
import { createUser, getUserByEmail, listUsers } from "./queries/users";
import { seedDemo } from "./seed-demo";

let db: Db;
let close: () => void;
beforeEach(async () => ({ db, close } = await openTestDatabase()));
afterEach(() => close());

describe("seedDemo", () => {
  it("on an empty database, creates the demo accounts, marks the instance as a demo and makes the admin change the password", async () => {
    expect(await isDemoInstance({ db })).toBe(false);
    const logins = await seedDemo({ db, dataDir: join(process.cwd(), "db", "demo") });
    expect(logins?.map((l) => l.email)).toEqual([
      "admin@goldset.demo",
      "lead@goldset.demo",
      "reviewer@goldset.demo",
      "annotator@goldset.demo",
      "annotator2@goldset.demo",
    ]);
    expect(await isDemoInstance({ db })).toBe(true);
    expect((await db.select().from(siteSettings).where(eq(siteSettings.key, "demo")).limit(1))[0]).toMatchObject({ value: true, updatedBy: null });
    expect(
      await db.select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details }).from(auditLog).where(eq(auditLog.targetId, "demo")),
    ).toEqual([{ action: "site.demo", actorId: null, details: { to: true } }]);
    expect((await getUserByEmail({ db, email: "admin@goldset.demo" }))?.mustChangePassword).toBe(true);
    expect((await getUserByEmail({ db, email: "lead@goldset.demo" }))?.mustChangePassword).toBe(false);
  });

  it("does nothing, and marks nothing, when a user exists", async () => {
    await createUser({ db, email: "real@example.org", name: "Real", passwordHash: "x", isAdmin: true });
    expect(await seedDemo({ db, dataDir: join(process.cwd(), "db", "demo") })).toBeNull();
    expect(await isDemoInstance({ db })).toBe(false);
    expect(await db.select().from(siteSettings)).toEqual([]);
    expect((await listUsers({ db })).map((u) => u.email)).toEqual(["real@example.org"]);
  });
});
