import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { createUser, findUserCredentials, getUserById, revokeSessions, setPassword } from "@/db/queries/users";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { jsonPost, openRouteTestDatabase, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET as listProjects } from "@/app/api/projects/route";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let annId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  annId = (await createUser({ db, email: "ann@example.org", name: "Ann", passwordHash: await hashPassword("first passphrase") })).id;
});
afterAll(() => close());
beforeEach(() => {
  signedIn.userId = annId;
  signedIn.sessionVersion = null;
});

const change = (currentPassword: string, newPassword: string) => POST(jsonPost("/api/account/password", { currentPassword, newPassword }));

describe("session version", () => {
  it("refuses a session issued before a sign-out (a copied cookie) with 401, and accepts a fresh one", async () => {
    const before = (await getUserById({ db, id: annId }))!.sessionVersion;
    expect((await listProjects()).status).toBe(200);
    await revokeSessions({ db, userId: annId });
    signedIn.sessionVersion = before;
    const refused = await listProjects();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "unauthorized" });
    signedIn.sessionVersion = before + 1;
    expect((await listProjects()).status).toBe(200);
  });
});

describe("POST /api/account/password", () => {
  it("refuses a wrong current password and a common new one, saying which field", async () => {
    const wrong = await change("not it", "a brand new passphrase");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ message: "The current password is wrong.", problems: [{ field: "currentPassword" }] });
    const common = await change("first passphrase", "password123");
    expect(common.status).toBe(400);
    expect(await common.json()).toMatchObject({ message: "Password is one of the most common passwords: choose another.", problems: [{ field: "password" }] });
    const short = await change("first passphrase", "abc");
    expect(short.status).toBe(400);
  });

  it("changes the password, ends every earlier session and writes the audit log", async () => {
    const before = (await getUserById({ db, id: annId }))!.sessionVersion;
    const response = await change("first passphrase", "second passphrase");
    expect(response.status).toBe(200);
    const stored = (await findUserCredentials({ db, email: "ann@example.org" }))!;
    expect(await verifyPassword(stored.passwordHash, "second passphrase")).toBe(true);
    expect(stored.sessionVersion).toBe(before + 1);
    signedIn.sessionVersion = before;
    expect((await listProjects()).status).toBe(401);
    const audit = (await db.select().from(auditLog).where(eq(auditLog.targetId, annId))).map((r) => [r.action, r.actorId]);
    expect(audit).toContainEqual(["user.password_change", annId]);
  });

  it("after an admin reset, answers 403 everywhere else until the user chose a new password", async () => {
    await setPassword({ db, userId: annId, passwordHash: await hashPassword("temporary pass 1"), reset: true, actorId: null });
    const blocked = await listProjects();
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).message).toMatch(/^Change your password before anything else/);
    expect((await change("temporary pass 1", "temporary pass 1")).status).toBe(400);
    expect((await change("temporary pass 1", "my own passphrase")).status).toBe(200);
    expect((await getUserById({ db, id: annId }))!.mustChangePassword).toBe(false);
    expect((await listProjects()).status).toBe(200);
  });

  it("answers 401 without a session", async () => {
    signedIn.userId = null;
    expect((await change("x", "y")).status).toBe(401);
  });
});

describe("guesses of the current password", () => {
  it("count against the account like failed sign-ins: past the free ones the next guess is refused with 429, unchecked", async () => {
    const guesserId = (await createUser({ db, email: "guessed@example.org", name: "Guessed", passwordHash: await hashPassword("the real passphrase") })).id;
    signedIn.userId = guesserId;
    for (let guess = 0; guess < 4; guess++) expect((await change(`guess ${guess}`, "another long passphrase")).status).toBe(400);
    const refused = await change("the real passphrase", "another long passphrase");
    expect(refused.status).toBe(429);
    expect(await verifyPassword((await findUserCredentials({ db, email: "guessed@example.org" }))!.passwordHash, "the real passphrase")).toBe(true);
  });
});
