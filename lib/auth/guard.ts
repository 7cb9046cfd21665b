// Server-side checks used by every page, route handler and server action. The proxy only
// redirects signed-out visitors; these are the checks that count.
import { getServerSession } from "next-auth";
import { getDb } from "@/db";
import { getUserById, type UserRecord } from "@/db/queries/users";
import { getProjectBySlug, type ProjectRecord } from "@/db/queries/projects";
import { getRole } from "@/db/queries/memberships";
import type { ProjectRole } from "@/db/schema";
import { GoldsetError } from "@/lib/errors";
import { authOptions } from "./options";
import { can, canSeeProject, type ProjectAction } from "./permissions";

export async function currentUser(): Promise<UserRecord | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return getUserById({ db: getDb(), id }) ?? null;
}

export async function requireUser(): Promise<UserRecord> {
  const user = await currentUser();
  if (!user) throw new GoldsetError("unauthorized", "Sign in first.");
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
 * `action`. A project the caller cannot see answers "not found", so slugs do not leak.
 */
export async function requireProjectAccess(slug: string, action: ProjectAction | "view"): Promise<ProjectAccess> {
  const user = await requireUser();
  const db = getDb();
  const project = getProjectBySlug({ db, slug });
  const role = project ? getRole({ db, projectId: project.id, userId: user.id }) : null;
  const actor = { isAdmin: user.isAdmin, role };
  if (!project || !canSeeProject(actor)) throw new GoldsetError("not_found", `No project "${slug}".`);
  if (action !== "view" && !can(actor, action)) {
    throw new GoldsetError("forbidden", `Your role in this project (${role ?? "none"}) does not allow this.`);
  }
  return { user, project, role };
}
