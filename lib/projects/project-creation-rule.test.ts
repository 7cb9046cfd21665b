import { describe, expect, it } from "vitest";
import { mayCreateProjects, PROJECT_CREATION_RULES } from "./project-creation-rule";

describe("mayCreateProjects", () => {
  it("lets site admins always, leads under the default rule, and everyone else only under any-user", () => {
    const admin = { isAdmin: true, leadsAProject: false };
    const lead = { isAdmin: false, leadsAProject: true };
    const member = { isAdmin: false, leadsAProject: false };
    const table = PROJECT_CREATION_RULES.map((rule) => [rule, mayCreateProjects(rule, admin), mayCreateProjects(rule, lead), mayCreateProjects(rule, member)]);
    expect(table).toEqual([
      ["admins-only", true, false, false],
      ["admins-and-leads", true, true, false],
      ["any-user", true, true, true],
    ]);
  });
});
