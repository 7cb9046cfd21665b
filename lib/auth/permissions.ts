// The one permission table. Every route handler, server action and page asks `can()` on the
// server; the proxy's redirect is only a convenience.
import type { ProjectRole } from "@/db/schema";
import type { ProjectCreationRule } from "@/lib/projects/project-creation-rule";

export const PROJECT_ACTIONS = [
  "annotate",
  "review",
  "viewInsights",
  "importData",
  "exportData",
  "manageSettings",
  "manageMembers",
  "runPrelabel",
  "viewAllAnnotations",
] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

const TABLE: Record<ProjectRole, ReadonlySet<ProjectAction>> = {
  lead: new Set(PROJECT_ACTIONS),
  reviewer: new Set<ProjectAction>(["annotate", "review", "viewInsights", "viewAllAnnotations"]),
  annotator: new Set<ProjectAction>(["annotate"]),
};

/**
 * The actions whose routes change the project (labels, decisions, imports, LLM runs, settings,
 * members): an archived project refuses their writes. Insights snapshots and exports are derived
 * from what is already there, so an archived project still takes them.
 */
const CHANGING_ACTIONS: ReadonlySet<ProjectAction> = new Set<ProjectAction>(["annotate", "review", "importData", "manageSettings", "manageMembers", "runPrelabel"]);

export function changesProject(action: ProjectAction): boolean {
  return CHANGING_ACTIONS.has(action);
}

export type Actor = { isAdmin: boolean; role: ProjectRole | null };

/**
 * Site admins administer users and may open any project's settings, but they do not label or
 * review unless they are members: their labels would otherwise enter agreement unannounced.
 */
export function can(actor: Actor, action: ProjectAction): boolean {
  if (actor.role && TABLE[actor.role].has(action)) return true;
  if (!actor.isAdmin) return false;
  return action !== "annotate" && action !== "review";
}

export function canSeeProject(actor: Actor): boolean {
  return actor.role !== null || actor.isAdmin;
}

/** The page a member lands on when opening a project. */
export function homeSection(actor: Actor): "annotate" | "review" | "settings" {
  if (actor.role === "lead" || (actor.role === null && actor.isAdmin)) return "settings";
  if (actor.role === "reviewer") return "review";
  return "annotate";
}

/** Whether a user may start a project under the site's rule; site admins always may. */
export function canCreateProjects(rule: ProjectCreationRule, user: { isAdmin: boolean; leadsAProject: boolean }): boolean {
  if (user.isAdmin || rule === "any-user") return true;
  return rule === "admins-and-leads" && user.leadsAProject;
}
