// `goldset token ...` on a real database: the contract other tools rely on (the token alone on
// stdout, details on stderr, the defaults) and that what the CLI makes is what the app checks.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { openRouteTestDatabase } from "@/app/api/route-test-support";
import { findApiTokenBySecret, listApiTokens } from "@/db/queries/api-tokens";
import { seedProject } from "@/db/test-seed";
import { main } from "./main";

let close: () => Promise<void>;
let db: Db;
let leadId: string;
let projectId: string;
let out = "";
let err = "";

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead", boss: { role: null, isAdmin: true } }, project: { slug: "sms", labels: ["ham", "spam"] } });
  leadId = seed.people.lead;
  projectId = seed.projectId;
  await seedProject(db, { people: { other: "lead" }, project: { slug: "other", labels: ["a"] } });
});
afterAll(() => close());
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("goldset token", () => {
  it("create prints the token alone on one stdout line, with lead, all projects and 90 days by default", async () => {
    const before = Date.now();
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "python client"])).toBe(0);
    expect(out).toMatch(/^gst_[A-Za-z0-9_-]{43}\n$/);
    expect(err).toContain('Created access token "python client"');
    expect(err).toContain("all projects, role at most lead");
    const found = await findApiTokenBySecret({ db, secret: out.trim() });
    if (!("token" in found)) throw new Error(found.refusal);
    expect(found.token).toMatchObject({ userId: leadId, name: "python client", projectIds: null, maxRole: "lead", siteAdmin: false });
    const days = (found.token.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
  });

  it("create takes projects, a role cap, a lifetime and site-admin powers, and refuses what the app refuses", async () => {
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "ci", "--project", "sms", "--role", "annotator", "--days", "7"])).toBe(0);
    const found = await findApiTokenBySecret({ db, secret: out.trim() });
    expect(found).toMatchObject({ token: { projectIds: [projectId], maxRole: "annotator" } });
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "x", "--project", "other"])).toBe(1);
    expect(err).toContain('"other"');
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "x", "--site-admin"])).toBe(1);
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "x", "--days", "366"])).toBe(1);
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "x", "--role", "owner"])).toBe(1);
    expect(await main(["token", "create", "--email", "nobody@example.org", "--name", "x"])).toBe(1);
    out = "";
    expect(await main(["token", "create", "--email", "boss@example.org", "--name", "admin", "--site-admin"])).toBe(0);
    expect(await findApiTokenBySecret({ db, secret: out.trim() })).toMatchObject({ token: { siteAdmin: true } });
  });

  it("list prints a table of the user's tokens, and revoke revokes one by id", async () => {
    expect(await main(["token", "create", "--email", "lead@example.org", "--name", "to revoke", "--project", "sms", "--role", "reviewer"])).toBe(0);
    const secret = out.trim();
    const id = (await listApiTokens({ db, userId: leadId })).find((t) => t.name === "to revoke")!.id;
    out = "";
    expect(await main(["token", "list", "--email", "lead@example.org"])).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PREFIX\s+PROJECTS\s+ROLE\s+CREATED\s+EXPIRES\s+LAST USED\s+REVOKED$/);
    const row = lines.find((l) => l.includes("to revoke"))!;
    expect(row).toContain(`gst_${secret.slice(4, 12)}`);
    expect(row).toMatch(/sms\s+reviewer/);
    expect(row).toMatch(/never\s+-$/);
    expect(out).not.toContain(secret);
    expect(await main(["token", "revoke", "--id", id])).toBe(0);
    expect(await findApiTokenBySecret({ db, secret })).toMatchObject({ refusal: expect.stringContaining("revoked") });
    expect(await main(["token", "revoke", "--id", id])).toBe(1);
    expect(await main(["token", "revoke", "--id", "no-such-token"])).toBe(1);
  });
});
