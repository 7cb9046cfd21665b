import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { createUser, findUserCredentials, getUserById } from "@/db/queries/users";
import { signInWithPassword, type SignInResult } from "@/lib/auth/sign-in";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET as listProjects } from "@/app/api/projects/route";
import { PATCH } from "./route";
import { POST as resetPassword } from "./password-reset/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const reasonOf = (result: SignInResult) => (result.ok ? "ok" : result.reason);

let db: Db;
let close: () => void;
let adminId: string;
let bobId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  adminId = (await createUser({ db, email: "admin@example.org", name: "Admin", passwordHash: "x", isAdmin: true })).id;
  bobId = (await createUser({ db, email: "bob@example.org", name: "Bob", passwordHash: await hashPassword("bob's passphrase") })).id;
});
afterAll(() => close());
beforeEach(() => {
  signedIn.sessionVersion = null;
});

const patch = (id: string, body: unknown) =>
  PATCH(
    new Request(`http://localhost/api/users/${id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    routeParams({ id }),
  );
const reset = (id: string, body: unknown = {}) => resetPassword(jsonPost(`/api/users/${id}/password-reset`, body), routeParams({ id }));
const actions = async (id: string) =>
  (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.targetType, "user")))
  ).map((r) => [r.action, r.actorId]);

describe("PATCH /api/users/[id]", () => {
  it("lets only a site admin deactivate; the user's live session ends and sign-in is refused until reactivated", async () => {
    signedIn.userId = bobId;
    expect((await patch(bobId, { active: false })).status).toBe(403);
    const bobVersion = (await getUserById({ db, id: bobId }))!.sessionVersion;

    signedIn.userId = adminId;
    const response = await patch(bobId, { active: false });
    expect(response.status).toBe(200);
    expect((await response.json()).user.deactivatedAt).not.toBeNull();

    // Bob's session from before, and a sign-in with his right password, both fail now.
    signedIn.userId = bobId;
    signedIn.sessionVersion = bobVersion;
    expect((await listProjects()).status).toBe(401);
    signedIn.sessionVersion = null;
    expect((await listProjects()).status).toBe(401);
    expect(reasonOf(await signInWithPassword({ db, email: "bob@example.org", password: "bob's passphrase", address: null }))).toBe("deactivated");

    signedIn.userId = adminId;
    expect((await patch(bobId, { active: true })).status).toBe(200);
    expect((await signInWithPassword({ db, email: "bob@example.org", password: "bob's passphrase", address: null })).ok).toBe(true);
    expect(await actions(bobId)).toEqual([
      ["user.create", null],
      ["user.deactivate", adminId],
      ["user.reactivate", adminId],
    ]);
  });

  it("refuses an admin deactivating their own account (409) and a body without `active` (400)", async () => {
    signedIn.userId = adminId;
    expect((await patch(adminId, { active: false })).status).toBe(409);
    expect((await patch(bobId, {})).status).toBe(400);
    expect((await patch("no-such-user", { active: false })).status).toBe(404);
  });
});

describe("POST /api/users/[id]/password-reset", () => {
  it("is for site admins only", async () => {
    signedIn.userId = bobId;
    expect((await reset(adminId)).status).toBe(403);
  });

  it("sets a random temporary password once, ends the user's sessions and requires a change at sign-in", async () => {
    signedIn.userId = adminId;
    const before = (await getUserById({ db, id: bobId }))!.sessionVersion;
    const response = await reset(bobId);
    expect(response.status).toBe(200);
    const { temporaryPassword } = (await response.json()) as { temporaryPassword: string };
    expect(temporaryPassword).toHaveLength(16);
    const stored = (await findUserCredentials({ db, email: "bob@example.org" }))!;
    expect(await verifyPassword(stored.passwordHash, temporaryPassword)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    expect(stored.sessionVersion).toBe(before + 1);
    expect(await actions(bobId)).toContainEqual(["user.password_reset", adminId]);

    signedIn.userId = bobId;
    signedIn.sessionVersion = before;
    expect((await listProjects()).status).toBe(401);
    signedIn.sessionVersion = null;
    expect((await listProjects()).status).toBe(403);
  });

  it("takes the admin's own temporary password, under the same rules", async () => {
    signedIn.userId = adminId;
    expect((await reset(bobId, { temporaryPassword: "letmein123" })).status).toBe(400);
    const response = await reset(bobId, { temporaryPassword: "temporary passphrase" });
    expect(await response.json()).toEqual({ email: "bob@example.org", temporaryPassword: "temporary passphrase" });
  });
});
