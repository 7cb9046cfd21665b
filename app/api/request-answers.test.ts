// Answers that must be a clear 4xx and tell nothing about projects the caller cannot see.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { seedProject } from "@/db/test-seed";
import { setProjectCreationRule } from "@/db/queries/site-settings";
import { setMemberRole } from "@/db/queries/memberships";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "./route-test-support";
import { POST as createProjectRoute } from "./projects/route";
import { PATCH as patchSettings } from "./projects/[slug]/settings/route";
import { POST as addMember } from "./projects/[slug]/members/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ people } = await seedProject(db, {
    people: { lead: "lead", outsider: null },
    project: { name: "Secret", slug: "secret", labels: ["a", "b"] },
  }));
});
afterAll(() => close());

const patch = (body: unknown) =>
  new Request("http://localhost/api/projects/secret/settings", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("request answers", () => {
  it("answers PATCH settings with {} by 400 naming what to send", async () => {
    signedIn.userId = people.lead!;
    const response = await patchSettings(patch({}), routeParams({ slug: "secret" }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      "Invalid request: body: name at least one setting to change (name, guidelines, overlap, visibleMetadata, leaseMinutes)",
    );
  });

  it("refuses a taken slug without saying that a project has it", async () => {
    // Anyone may create projects here, so the outsider reaches the slug check.
    await setProjectCreationRule({ db, rule: "any-user", actorId: null });
    signedIn.userId = people.outsider!;
    const response = await createProjectRoute(
      jsonPost("/api/projects", { name: "Mine", slug: "secret", taskType: "single_label", labels: [{ name: "x" }, { name: "y" }] }),
    );
    expect(response.status).toBe(409);
    const { message } = (await response.json()) as { message: string };
    expect(message).toBe('The slug "secret" is not available: choose another slug.');
  });
});

describe("adding a member as a lead who is not a site admin", () => {
  it("answers an email with an account the lead does not work with exactly like an email with none, and adds a colleague", async () => {
    signedIn.userId = people.lead!;
    const add = async (email: string) => {
      const response = await addMember(jsonPost("/api/projects/secret/members", { email, role: "annotator" }), routeParams({ slug: "secret" }));
      return { status: response.status, message: ((await response.json()) as { message: string }).message.replace(email, "EMAIL") };
    };
    const existing = await add("outsider@example.org");
    const missing = await add("nobody@example.org");
    expect(existing).toEqual(missing);
    expect(existing).toEqual({
      status: 404,
      message: "You cannot add EMAIL: you can add people who already work with you in a project; a site admin can add anyone with an account.",
    });

    const colleague = (await createUser({ db, email: "colleague@example.org", name: "Colleague", passwordHash: "x" })).id;
    const team = await createProject({
      db,
      name: "Team",
      slug: "team",
      taskType: "single_label",
      labelDefs: [{ name: "a" }, { name: "b" }],
      createdBy: people.lead,
    });
    await setMemberRole({ db, projectId: team.id, userId: colleague, role: "annotator", actorId: people.lead! });
    const response = await addMember(
      jsonPost("/api/projects/secret/members", { email: "colleague@example.org", role: "reviewer" }),
      routeParams({ slug: "secret" }),
    );
    expect(response.status).toBe(201);
  });
});
