import { describe, expect, it } from "vitest";
import { PROJECT_CREATION_RULES } from "@/lib/projects/project-creation-rule";
import { canCreateProjects } from "./permissions";

describe("canCreateProjects", () => {
  it("lets site admins always, leads under the default rule, and everyone else only under any-user", () => {
    const admin = { isAdmin: true, leadsAProject: false };
    const lead = { isAdmin: false, leadsAProject: true };
    const member = { isAdmin: false, leadsAProject: false };
    const table = PROJECT_CREATION_RULES.map((rule) => [rule, canCreateProjects(rule, admin), canCreateProjects(rule, lead), canCreateProjects(rule, member)]);
    expect(table).toEqual([
      ["admins-only", true, false, false],
      ["admins-and-leads", true, true, false],
      ["any-user", true, true, true],
    ]);
  });
});
