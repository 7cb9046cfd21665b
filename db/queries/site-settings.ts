// Site-wide settings (site_settings). Each setting has a reader that falls back to its default
// when the row is missing or holds a value this version cannot read, and a writer that audits.
import "server-only";
import { and, eq } from "drizzle-orm";
import { memberships, siteSettings } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { canCreateProjects } from "@/lib/auth/permissions";
import { DEFAULT_PROJECT_CREATION_RULE, projectCreationRuleSchema, type ProjectCreationRule } from "@/lib/projects/project-creation-rule";

const PROJECT_CREATION = "project_creation";
const DEMO = "demo";

export async function getProjectCreationRule({ db }: { db: Executor }): Promise<ProjectCreationRule> {
  const row = (await db.select({ value: siteSettings.value }).from(siteSettings).where(eq(siteSettings.key, PROJECT_CREATION)).limit(1))[0];
  const parsed = projectCreationRuleSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_PROJECT_CREATION_RULE;
}

/** Changes who may create projects; a change lands in the audit log with the old and new rule. */
export async function setProjectCreationRule({
  db,
  rule,
  actorId,
  now = new Date(),
}: {
  db: Db;
  rule: ProjectCreationRule;
  actorId: string | null;
  now?: Date;
}): Promise<ProjectCreationRule> {
  return await db.transaction(async (tx) => {
    const previous = await getProjectCreationRule({ db: tx });
    if (previous === rule) return rule;
    await tx
      .insert(siteSettings)
      .values({ key: PROJECT_CREATION, value: rule, updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({ target: siteSettings.key, set: { value: rule, updatedBy: actorId, updatedAt: now } });
    await recordAudit(tx, {
      actorId,
      action: "site.project_creation",
      targetType: "site_setting",
      targetId: PROJECT_CREATION,
      details: { from: previous, to: rule },
      at: now,
    });
    return rule;
  });
}

/** Whether this user may create a project now, under the site's rule. */
export async function userMayCreateProjects({ db, user }: { db: Executor; user: { id: string; isAdmin: boolean } }): Promise<boolean> {
  const rule = await getProjectCreationRule({ db });
  // Asked only when the answer depends on it.
  const leadsAProject =
    !user.isAdmin &&
    rule === "admins-and-leads" &&
    (
      await db
        .select({ projectId: memberships.projectId })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.role, "lead")))
        .limit(1)
    )[0] !== undefined;
  return canCreateProjects(rule, { isAdmin: user.isAdmin, leadsAProject });
}

/** True when `npm run demo` seeded this database: its demo accounts are public. */
export async function isDemoInstance({ db }: { db: Executor }): Promise<boolean> {
  return (await db.select({ value: siteSettings.value }).from(siteSettings).where(eq(siteSettings.key, DEMO)).limit(1))[0]?.value === true;
}

/** Set by the demo seed, not by a person: no actor. */
export async function markDemoInstance({ db, now = new Date() }: { db: Db; now?: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(siteSettings)
      .values({ key: DEMO, value: true, updatedBy: null, updatedAt: now })
      .onConflictDoUpdate({ target: siteSettings.key, set: { value: true, updatedBy: null, updatedAt: now } });
    await recordAudit(tx, { actorId: null, action: "site.demo", targetType: "site_setting", targetId: DEMO, details: { to: true }, at: now });
  });
}
