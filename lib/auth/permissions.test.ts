import { describe, expect, it } from "vitest";
import { PROJECT_ACTIONS, can, canSeeProject, changesProject, homeSection } from "./permissions";

describe("permission table", () => {
  it("lets annotators annotate and nothing else", () => {
    const annotator = { isAdmin: false, role: "annotator" as const };
    const allowed = PROJECT_ACTIONS.filter((a) => can(annotator, a));
    expect(allowed).toEqual(["annotate"]);
  });

  it("keeps settings, import, export and members with leads", () => {
    for (const action of ["manageSettings", "importData", "exportData", "manageMembers", "runPrelabel"] as const) {
      expect(can({ isAdmin: false, role: "lead" }, action)).toBe(true);
      expect(can({ isAdmin: false, role: "reviewer" }, action)).toBe(false);
      expect(can({ isAdmin: false, role: "annotator" }, action)).toBe(false);
    }
  });

  it("lets reviewers review and see everyone's labels, which annotators may not", () => {
    expect(can({ isAdmin: false, role: "reviewer" }, "review")).toBe(true);
    expect(can({ isAdmin: false, role: "reviewer" }, "viewAllAnnotations")).toBe(true);
    expect(can({ isAdmin: false, role: "annotator" }, "viewAllAnnotations")).toBe(false);
  });

  it("refuses non-members everything", () => {
    const stranger = { isAdmin: false, role: null };
    expect(PROJECT_ACTIONS.some((a) => can(stranger, a))).toBe(false);
    expect(canSeeProject(stranger)).toBe(false);
  });

  it("lets a site admin manage but not label or review a project they are not in", () => {
    const admin = { isAdmin: true, role: null };
    expect(can(admin, "manageSettings")).toBe(true);
    expect(can(admin, "annotate")).toBe(false);
    expect(can(admin, "review")).toBe(false);
  });

  it("sends each role to its own landing page", () => {
    expect(homeSection({ isAdmin: false, role: "annotator" })).toBe("annotate");
    expect(homeSection({ isAdmin: false, role: "reviewer" })).toBe("review");
    expect(homeSection({ isAdmin: false, role: "lead" })).toBe("settings");
  });

  it("counts labelling, review, import, LLM, settings and members as changes; insights and exports as reads", () => {
    expect(PROJECT_ACTIONS.filter((a) => changesProject(a))).toEqual(["annotate", "review", "importData", "manageSettings", "manageMembers", "runPrelabel"]);
    expect(PROJECT_ACTIONS.filter((a) => !changesProject(a))).toEqual(["viewInsights", "exportData", "viewAllAnnotations"]);
  });
});
