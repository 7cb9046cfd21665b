// Server-side checks used by every page, route handler and server action. The proxy only
// redirects signed-out visitors; these are the checks that count.
import "server-only";
import { getDb } from "@/db";
import type { UserRecord } from "@/db/queries/users";
import { getProjectBySlug, type ProjectRecord } from "@/db/queries/projects";
import { getRole } from "@/db/queries/memberships";
import type { ProjectRole } from "@/db/schema";
import { GoldsetError } from "@/lib/errors";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";
import { can, canSeeProject, changesProject, type ProjectAction } from "./permissions";
import { liveSessionUser } from "./live-session";
import { sessionClaims } from "./session-claims";

/**
 * The signed-in user, or null when there is no session, the account is gone or deactivated, or
 * the session was revoked (its version is older than the account's: sign-out, password change,
 * reset or deactivation).
 */
export async function currentUser(): Promise<UserRecord | null> {
  return await liveSessionUser(await sessionClaims());
}

export const PASSWORD_CHANGE_REQUIRED = "Change your password before anything else: a site admin reset it (open /account/password).";

/**
 * The signed-in user. An account whose password was reset may do nothing but change it, so it is
 * refused here unless the caller is the password change itself.
 */
export async function requireUser({ allowPendingPasswordChange = false }: { allowPendingPasswordChange?: boolean } = {}): Promise<UserRecord> {
  const user = await currentUser();
  if (!user) throw new GoldsetError("unauthorized", "Sign in first.");
  if (user.mustChangePassword && !allowPendingPasswordChange) throw new GoldsetError("forbidden", PASSWORD_CHANGE_REQUIRED);
  return user;
}

export async function requireAdmin(): Promise<UserRecord> {
  const user = await requireUser();
  if (!user.isAdmin) throw new GoldsetError("forbidden", "Only site admins can do this.");
  return user;
}

export type ProjectAccess = { user: UserRecord; project: ProjectRecord; role: ProjectRole | null };

/**
 * Resolves the project and the caller's role, and refuses unless the permission table allows
 * `action`. A project the caller cannot see (or a deleted one) answers "not found", so slugs do not
 * leak. An archived project refuses, with a 409, every action that changes it (`changesProject`):
 * this is the one place the read-only rule is kept. Callers that only read under such an action
 * (a GET, a page), and the archive switch itself, pass `allowArchived`.
 */
export async function requireProjectAccess(
  slug: string,
  action: ProjectAction | "view",
  { allowArchived = false }: { allowArchived?: boolean } = {},
): Promise<ProjectAccess> {
  const user = await requireUser();
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  const role = project ? await getRole({ db, projectId: project.id, userId: user.id }) : null;
  const actor = { isAdmin: user.isAdmin, role };
  if (!project || !canSeeProject(actor)) throw new GoldsetError("not_found", `No project "${slug}".`);
  if (action !== "view" && !can(actor, action)) {
    throw new GoldsetError("forbidden", `Your role in this project (${role ?? "none"}) does not allow this.`);
  }
  if (!allowArchived && action !== "view" && changesProject(action)) refuseWhileArchived(project);
  return { user, project, role };
}
