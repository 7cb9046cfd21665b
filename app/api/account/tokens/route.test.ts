// Access tokens end to end on the real route handlers: created with a session, then sent as
// `Authorization: Bearer` (the mocked credentials hand the guard the token; its checks are real).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createApiToken, listApiTokens } from "@/db/queries/api-tokens";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { createUser, setPassword, setUserActive } from "@/db/queries/users";
import type { ProjectRole } from "@/db/schema";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { PASSWORD_CHANGE_REQUIRED, TOKENS_CANNOT_MANAGE_TOKENS } from "@/lib/auth/guard";
import { GET as listProjects } from "@/app/api/projects/route";
import { GET as listExports } from "@/app/api/projects/[slug]/exports/route";
import { GET as listMembers } from "@/app/api/projects/[slug]/members/route";
import { POST as takeFromQueue } from "@/app/api/projects/[slug]/queue/route";
import { GET as reviewQueue } from "@/app/api/projects/[slug]/review/route";
import { GET as projectSettings } from "@/app/api/projects/[slug]/settings/route";
import { GET as listUsers } from "@/app/api/users/route";
import { DELETE as revoke } from "./[id]/route";
import { GET as listTokens, POST as createToken } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let leadId: string;
let adminId: string;
let otherId: string;
const LABELS = [{ name: "a" }, { name: "b" }];

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  leadId = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  adminId = (await createUser({ db, email: "admin@example.org", name: "Admin", passwordHash: "x", isAdmin: true })).id;
  otherId = (await createUser({ db, email: "other@example.org", name: "Other", passwordHash: "x" })).id;
  await createProject({ db, name: "One", slug: "one", taskType: "single_label", labelDefs: LABELS, createdBy: leadId });
  const two = await createProject({ db, name: "Two", slug: "two", taskType: "single_label", labelDefs: LABELS, createdBy: otherId });
  await setMemberRole({ db, projectId: two.id, userId: leadId, role: "reviewer", actorId: otherId });
});
afterAll(() => close());
beforeEach(() => {
  signedIn.userId = null;
  signedIn.bearer = null;
  signedIn.sessionVersion = null;
});

const asSession = (userId: string) => {
  signedIn.userId = userId;
  signedIn.bearer = null;
};
const withToken = (secret: string) => {
  signedIn.userId = null;
  signedIn.bearer = secret;
};
const slug = (s: string) => routeParams({ slug: s });
const get = (path: string) => new Request(`http://localhost${path}`);
const body = async (response: Response) => (await response.json()) as Record<string, unknown> & { message?: string };

/** A token made through the route, as the account page makes it. */
async function newToken(input: Record<string, unknown>, owner = leadId): Promise<{ id: string; secret: string }> {
  asSession(owner);
  const response = await createToken(jsonPost("/api/account/tokens", { name: "script", ...input }));
  expect(response.status).toBe(201);
  const created = (await response.json()) as { token: { id: string }; secret: string };
  return { id: created.token.id, secret: created.secret };
}

describe("creating and listing tokens", () => {
  it("shows the secret once, then lists the token by prefix with its scope and never its secret or hash", async () => {
    asSession(leadId);
    const response = await createToken(jsonPost("/api/account/tokens", { name: "Nightly export", projects: ["one"], role: "reviewer", expiresInDays: 7 }));
    expect(response.status).toBe(201);
    const created = (await response.json()) as { token: Record<string, unknown>; secret: string };
    expect(created.secret).toMatch(/^gst_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ name: "Nightly export", prefix: created.secret.slice(4, 12), projectSlugs: ["one"], maxRole: "reviewer", siteAdmin: false, lastUsedAt: null, revokedAt: null });
    // 7 days after creation.
    expect(Date.parse(created.token.expiresAt as string) - Date.parse(created.token.createdAt as string)).toBe(7 * 86_400_000);
    const listed = await listTokens();
    const text = await listed.text();
    expect(text).toContain("Nightly export");
    expect(text).not.toContain(created.secret);
    expect(text).not.toMatch(/hash/i);
  });

  it("defaults to 90 days and all projects, and refuses a bad body, a foreign project and site-admin powers for a non-admin", async () => {
    asSession(leadId);
    const created = (await (await createToken(jsonPost("/api/account/tokens", { name: "defaults", role: "lead" }))).json()) as { token: { projectSlugs: unknown; expiresAt: string; createdAt: string } };
    expect(created.token.projectSlugs).toBeNull();
    expect(Date.parse(created.token.expiresAt) - Date.parse(created.token.createdAt)).toBe(90 * 86_400_000);
    expect((await createToken(jsonPost("/api/account/tokens", { name: "x", role: "lead", expiresInDays: 366 }))).status).toBe(400);
    expect((await createToken(jsonPost("/api/account/tokens", { name: "x", role: "owner" }))).status).toBe(400);
    const foreign = await createToken(jsonPost("/api/account/tokens", { name: "x", role: "lead", projects: ["nowhere"] }));
    expect(foreign.status).toBe(400);
    expect((await body(foreign)).message).toContain('"nowhere"');
    expect((await createToken(jsonPost("/api/account/tokens", { name: "x", role: "lead", siteAdmin: true }))).status).toBe(403);
  });

  it("cannot be done with a token: a token cannot create, list or revoke tokens", async () => {
    const { id, secret } = await newToken({ role: "lead" });
    withToken(secret);
    for (const response of [await createToken(jsonPost("/api/account/tokens", { name: "child", role: "lead" })), await listTokens(), await revoke(get("/"), routeParams({ id }))]) {
      expect(response.status).toBe(403);
      expect((await body(response)).message).toBe(TOKENS_CANNOT_MANAGE_TOKENS);
    }
    expect((await listApiTokens({ db, userId: leadId })).find((t) => t.id === id)?.revokedAt).toBeNull();
  });
});

describe("a request with a token", () => {
  it("records the token's last use", async () => {
    const { id, secret } = await newToken({ role: "lead" });
    const before = Date.now();
    withToken(secret);
    expect((await listProjects()).status).toBe(200);
    const lastUsed = (await listApiTokens({ db, userId: leadId })).find((t) => t.id === id)!.lastUsedAt!;
    expect(lastUsed.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("reaches only the projects in its scope: another project of the user's is not found, and the list leaves it out", async () => {
    const { secret } = await newToken({ role: "lead", projects: ["one"] });
    withToken(secret);
    expect((await listExports(get("/"), slug("one"))).status).toBe(200);
    const outside = await reviewQueue(get("/api/projects/two/review"), slug("two"));
    expect(outside.status).toBe(404);
    expect((await body(outside)).message).toBe('No project "two".');
    const projects = (await body(await listProjects())).projects as { slug: string }[];
    expect(projects.map((p) => p.slug)).toEqual(["one"]);
  });

  it("acts with the lower of the member's role and the token's cap", async () => {
    const cases: [cap: ProjectRole, project: string, call: () => Promise<Response>, status: number][] = [
      // The lead of "one" with an annotator token: may annotate, not export or manage.
      ["annotator", "one", () => takeFromQueue(jsonPost("/api/projects/one/queue", { count: 1 }), slug("one")), 200],
      ["annotator", "one", () => listExports(get("/"), slug("one")), 403],
      ["annotator", "one", () => projectSettings(get("/"), slug("one")), 403],
      ["annotator", "one", () => reviewQueue(get("/api/projects/one/review"), slug("one")), 403],
      // With a reviewer token: reviews, but does not manage members.
      ["reviewer", "one", () => reviewQueue(get("/api/projects/one/review"), slug("one")), 200],
      ["reviewer", "one", () => listMembers(get("/"), slug("one")), 403],
      // A lead token does not lift the reviewer of "two" above reviewer.
      ["lead", "two", () => listMembers(get("/"), slug("two")), 403],
      ["lead", "two", () => reviewQueue(get("/api/projects/two/review"), slug("two")), 200],
      ["lead", "one", () => listMembers(get("/"), slug("one")), 200],
    ];
    const got: string[] = [];
    for (const [cap, project, call, status] of cases) {
      const { secret } = await newToken({ role: cap });
      withToken(secret);
      const response = await call();
      if (response.status !== status) got.push(`${cap} token on ${project}: expected ${status}, got ${response.status} ${(await body(response)).message}`);
    }
    expect(got).toEqual([]);
    const { secret } = await newToken({ role: "annotator" });
    withToken(secret);
    expect((await body(await listExports(get("/"), slug("one")))).message).toBe("Your role in this project (capped at annotator by this access token; yours is lead) does not allow this.");
    expect((await body(await listProjects())).projects).toEqual(expect.arrayContaining([expect.objectContaining({ slug: "one", role: "annotator" })]));
  });

  it("is refused with a 401 at once when revoked, and a bad token never falls back to the session cookie", async () => {
    const { id, secret } = await newToken({ role: "lead" });
    withToken(secret);
    expect((await listExports(get("/"), slug("one"))).status).toBe(200);
    asSession(leadId);
    expect((await revoke(get("/"), routeParams({ id }))).status).toBe(200);
    withToken(secret);
    const refused = await listExports(get("/"), slug("one"));
    expect(refused.status).toBe(401);
    expect((await body(refused)).message).toBe(`Access token "script" (gst_${secret.slice(4, 12)}…) was revoked: create a new one on your account page.`);
    // The lead's session is live too; the token alone decides.
    signedIn.userId = leadId;
    expect((await listExports(get("/"), slug("one"))).status).toBe(401);
    signedIn.bearer = "gst_made-up";
    expect((await body(await listProjects())).message).toContain("not valid");
    signedIn.bearer = "";
    expect((await listProjects()).status).toBe(401);
  });

  it("is refused once expired", async () => {
    const longAgo = new Date(Date.now() - 10 * 86_400_000);
    const { secret } = await createApiToken({ db, user: { id: leadId, isAdmin: false }, name: "old", projectSlugs: null, maxRole: "lead", siteAdmin: false, expiresAt: new Date(Date.now() - 60_000), actorId: leadId, now: longAgo });
    withToken(secret);
    const refused = await listProjects();
    expect(refused.status).toBe(401);
    expect((await body(refused)).message).toContain("expired on");
  });

  it("stops working at once when its owner is deactivated, and is refused like the session while a reset password waits to be changed", async () => {
    const owner = (await createUser({ db, email: "leaving@example.org", name: "Leaving", passwordHash: "x" })).id;
    const { secret } = await newToken({ role: "lead" }, owner);
    withToken(secret);
    expect((await listProjects()).status).toBe(200);
    await setUserActive({ db, userId: owner, active: false, actorId: adminId });
    const refused = await listProjects();
    expect(refused.status).toBe(401);
    expect((await body(refused)).message).toContain("deactivated");
    await setUserActive({ db, userId: owner, active: true, actorId: adminId });
    await setPassword({ db, userId: owner, passwordHash: "y", reset: true, actorId: adminId });
    const pending = await listProjects();
    expect(pending.status).toBe(403);
    expect((await body(pending)).message).toBe(PASSWORD_CHANGE_REQUIRED);
  });

  it("of a site admin has site-admin powers only when it carries them", async () => {
    const plain = await newToken({ role: "lead" }, adminId);
    withToken(plain.secret);
    expect((await listUsers()).status).toBe(403);
    // An admin sees every project's settings with a session, but not through a plain token.
    expect((await projectSettings(get("/"), slug("one"))).status).toBe(404);
    const powered = await newToken({ role: "lead", siteAdmin: true }, adminId);
    withToken(powered.secret);
    expect((await listUsers()).status).toBe(200);
    expect((await projectSettings(get("/"), slug("one"))).status).toBe(200);
  });
});

describe("revoking", () => {
  it("is for the owner, or a site admin; to anyone else the token does not exist", async () => {
    const { id } = await newToken({ role: "lead" });
    asSession(otherId);
    expect((await revoke(get("/"), routeParams({ id }))).status).toBe(404);
    asSession(adminId);
    expect((await revoke(get("/"), routeParams({ id }))).status).toBe(200);
    asSession(leadId);
    expect((await revoke(get("/"), routeParams({ id }))).status).toBe(409);
  });
});
