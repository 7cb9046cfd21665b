import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { auditLog } from "@/db/schema";
import { jsonPost, openRouteTestDatabase, sessionFor, signedIn } from "@/app/api/route-test-support";
import { projectCreationSetting } from "@/lib/cli/settings-command";
import { GET, PUT } from "./route";
import { POST as createProjectRoute } from "../projects/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ people } = await seedProject(db, {
    people: { admin: { role: null, isAdmin: true, name: "Admin" }, lead: "lead", annotator: "annotator", newcomer: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
  }));
});
afterAll(() => close());

let created = 0;
async function createAs(who: keyof typeof people): Promise<number> {
  signedIn.userId = people[who]!;
  created++;
  const body = { name: `P${created}`, slug: `p-${created}`, taskType: "single_label", labels: [{ name: "a" }, { name: "b" }] };
  return (await createProjectRoute(jsonPost("/api/projects", body))).status;
}

async function whoMayCreate(): Promise<Record<string, number>> {
  return {
    admin: await createAs("admin"),
    lead: await createAs("lead"),
    annotator: await createAs("annotator"),
    newcomer: await createAs("newcomer"),
  };
}

async function setRule(who: string | null, body: unknown) {
  signedIn.userId = who;
  const request = new Request("http://localhost/api/site-settings", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await PUT(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function cli(...argv: string[]): Promise<unknown> {
  let printed = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    await projectCreationSetting(argv);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(printed);
}

describe("who may create projects", () => {
  it("is site admins and users who lead a project by default", async () => {
    signedIn.userId = people.admin!;
    expect(await (await GET()).json()).toEqual({ projectCreation: "admins-and-leads" });
    expect(await whoMayCreate()).toEqual({ admin: 201, lead: 201, annotator: 403, newcomer: 403 });
    signedIn.userId = people.annotator!;
    const refused = await createProjectRoute(
      jsonPost("/api/projects", { name: "Mine", slug: "mine", taskType: "single_label", labels: [{ name: "a" }, { name: "b" }] }),
    );
    expect(await refused.json()).toMatchObject({ error: "forbidden", message: expect.stringContaining("You may not create projects on this site") });
  });

  it("is a setting only site admins may read or change, and every change is audited", async () => {
    expect((await setRule(null, { projectCreation: "any-user" })).status).toBe(401);
    expect((await setRule(people.lead!, { projectCreation: "any-user" })).status).toBe(403);
    signedIn.userId = people.lead!;
    expect((await GET()).status).toBe(403);
    const bad = await setRule(people.admin!, { projectCreation: "everyone" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("projectCreation: Choose who may create projects: one of admins-only, admins-and-leads, any-user");

    expect(await setRule(people.admin!, { projectCreation: "any-user" })).toEqual({ status: 200, body: { projectCreation: "any-user" } });
    expect(await whoMayCreate()).toEqual({ admin: 201, lead: 201, annotator: 201, newcomer: 201 });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "site.project_creation"));
    expect(audits.map((row) => ({ actor: row.actorId, details: row.details }))).toEqual([
      { actor: people.admin, details: { from: "admins-and-leads", to: "any-user" } },
    ]);
  });

  it("is changed from the CLI too", async () => {
    expect(await cli("--set", "admins-only")).toEqual({ projectCreation: "admins-only" });
    expect(await cli()).toEqual({ projectCreation: "admins-only" });
    // The annotator and the newcomer now lead projects of their own from the last test; that no longer counts.
    expect(await whoMayCreate()).toEqual({ admin: 201, lead: 403, annotator: 403, newcomer: 403 });
    await expect(cli("--set", "all")).rejects.toThrow('--set must be one of admins-only, admins-and-leads, any-user, not "all"');
    const last = (await db.select().from(auditLog).where(eq(auditLog.action, "site.project_creation"))).at(-1);
    expect(last).toMatchObject({ actorId: null, details: { from: "any-user", to: "admins-only" } });
  });
});
