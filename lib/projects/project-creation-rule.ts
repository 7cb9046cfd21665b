import { z } from "zod";

/**
 * Who may start a project, a site setting (site_settings, read by db/queries/site-settings.ts and
 * applied by canCreateProjects in lib/auth/permissions.ts). Whoever creates a project becomes its
 * lead, and a lead may point the project's LLM connection at an endpoint and run it, so letting
 * every account create projects lets every account do that. The default keeps it to site admins
 * and people already trusted to lead a project.
 */

export const PROJECT_CREATION_RULES = ["admins-only", "admins-and-leads", "any-user"] as const;
export type ProjectCreationRule = (typeof PROJECT_CREATION_RULES)[number];

export const DEFAULT_PROJECT_CREATION_RULE: ProjectCreationRule = "admins-and-leads";

export const projectCreationRuleSchema = z.enum(PROJECT_CREATION_RULES, {
  error: `Choose who may create projects: one of ${PROJECT_CREATION_RULES.join(", ")}`,
});

export const PROJECT_CREATION_RULE_LABELS: Record<ProjectCreationRule, string> = {
  "admins-only": "Site admins only",
  "admins-and-leads": "Site admins and users who lead a project",
  "any-user": "Any signed-in user",
};
