// Access tokens on a real database: the secret is returned once and only its hash is kept; a
// token's scope is checked against the owner's projects; revoked and expired tokens are refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { rawRows } from "../raw-sql";
import { seedProject } from "../test-seed";
import { createApiToken, findApiTokenBySecret, listApiTokens, revokeApiToken, touchApiToken } from "./api-tokens";
import { tokenHash } from "@/lib/auth/access-token";

let db: Db;
let close: () => Promise<void> | void;
let lead: string;
let admin: string;
let projectId: string;
const NOW = new Date("2026-03-01T12:00:00Z");
const IN_30_DAYS = new Date("2026-03-31T12:00:00Z");

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead", admin: { role: null, isAdmin: true } }, project: { slug: "mine", labels: ["a"] } });
  ({ lead, admin } = seed.people);
  projectId = seed.projectId;
  await seedProject(db, { people: { stranger: "lead" }, project: { slug: "theirs", labels: ["a"] } });
});
afterEach(() => close());

const leadUser = () => ({ id: lead, isAdmin: false });
const create = (over: Partial<Parameters<typeof createApiToken>[0]> = {}) =>
  createApiToken({ db, user: leadUser(), name: "CI", projectSlugs: null, maxRole: "lead", siteAdmin: false, expiresAt: IN_30_DAYS, actorId: lead, now: NOW, ...over });

describe("access tokens", () => {
  it("are created with a secret that is shown once and stored only as its SHA-256, and audited", async () => {
    const { token, secret } = await create({ projectSlugs: ["mine", "mine"], maxRole: "reviewer" });
    expect(secret).toMatch(/^gst_/);
    expect(token.prefix).toBe(secret.slice(4, 12));
    const stored = await rawRows<{ token_hash: string }>(db, "select token_hash from api_tokens where id = ?", token.id);
    expect(stored[0]!.token_hash).toBe(tokenHash(secret));
    expect(JSON.stringify(await rawRows(db, "select * from api_tokens"))).not.toContain(secret);
    const listed = await listApiTokens({ db, userId: lead });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: token.id, name: "CI", projectIds: [projectId], projectSlugs: ["mine"], maxRole: "reviewer", siteAdmin: false, lastUsedAt: null, revokedAt: null });
    expect(listed[0]).not.toHaveProperty("tokenHash");
    const audit = await rawRows<{ action: string; actor_id: string }>(db, "select action, actor_id from audit_log where target_type = 'api_token'");
    expect(audit).toEqual([{ action: "api_token.create", actor_id: lead }]);
  });

  it("refuse projects the user does not belong to, site-admin powers for a non-admin, and an expiry in the past", async () => {
    await expect(create({ projectSlugs: ["mine", "theirs"] })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining('"theirs"') });
    await expect(create({ projectSlugs: ["nope"] })).rejects.toMatchObject({ code: "bad_request" });
    await expect(create({ siteAdmin: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(create({ expiresAt: NOW })).rejects.toMatchObject({ code: "bad_request" });
    expect(await listApiTokens({ db, userId: lead })).toEqual([]);
    // A site admin may scope a token to any project, and give it site-admin powers.
    const { token } = await create({ user: { id: admin, isAdmin: true }, projectSlugs: ["theirs"], siteAdmin: true, actorId: admin });
    expect(token.siteAdmin).toBe(true);
  });

  it("are found by their secret until revoked or expired, and record their last use", async () => {
    const { token, secret } = await create();
    expect(await findApiTokenBySecret({ db, secret, now: NOW })).toMatchObject({ token: { id: token.id } });
    expect(await findApiTokenBySecret({ db, secret: `${secret}x`, now: NOW })).toMatchObject({ refusal: expect.stringContaining("not valid") });
    expect(await findApiTokenBySecret({ db, secret, now: IN_30_DAYS })).toMatchObject({ refusal: expect.stringContaining("expired on 2026-03-31T12:00:00.000Z") });
    const used = new Date("2026-03-02T08:00:00Z");
    await touchApiToken({ db, id: token.id, now: used });
    expect((await listApiTokens({ db, userId: lead }))[0]!.lastUsedAt).toEqual(used);
    await revokeApiToken({ db, id: token.id, actor: { id: lead, isAdmin: false }, now: NOW });
    expect(await findApiTokenBySecret({ db, secret, now: NOW })).toMatchObject({ refusal: expect.stringContaining("was revoked") });
  });

  it("are revoked by their owner or a site admin only, once, with an audit row", async () => {
    const { token } = await create();
    const stranger = (await rawRows<{ id: string }>(db, "select id from users where email = 'stranger@example.org'"))[0]!.id;
    await expect(revokeApiToken({ db, id: token.id, actor: { id: stranger, isAdmin: false } })).rejects.toMatchObject({ code: "not_found" });
    const revoked = await revokeApiToken({ db, id: token.id, actor: { id: admin, isAdmin: true }, now: NOW });
    expect(revoked.revokedAt).toEqual(NOW);
    await expect(revokeApiToken({ db, id: token.id, actor: { id: lead, isAdmin: false } })).rejects.toMatchObject({ code: "conflict" });
    const audit = await rawRows<{ action: string; actor_id: string }>(db, "select action, actor_id from audit_log where target_type = 'api_token' order by id");
    expect(audit).toEqual([
      { action: "api_token.create", actor_id: lead },
      { action: "api_token.revoke", actor_id: admin },
    ]);
  });

  it("are listed newest first, for their owner only", async () => {
    await create({ name: "old" });
    await create({ name: "new", now: new Date("2026-03-02T00:00:00Z") });
    expect((await listApiTokens({ db, userId: lead })).map((t) => t.name)).toEqual(["new", "old"]);
    expect(await listApiTokens({ db, userId: admin })).toEqual([]);
  });
});
