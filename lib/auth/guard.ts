// Server-side checks used by every page, route handler and server action. The proxy only
// redirects signed-out visitors; these are the checks that count.
import "server-only";
import { getDb } from "@/db";
import type { UserRecord } from "@/db/queries/users";
import { findApiTokenBySecret, touchApiToken, type ApiTokenRecord } from "@/db/queries/api-tokens";
import { getProjectBySlug, type ProjectRecord } from "@/db/queries/projects";
import { getRole } from "@/db/queries/memberships";
import type { ProjectRole } from "@/db/schema";
import { GoldsetError } from "@/lib/errors";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";
import { can, canSeeProject, changesProject, type ProjectAction } from "./permissions";
import { lowerRole } from "./access-token";
import { liveSessionUser, liveTokenUser } from "./live-session";
import { sessionClaims } from "./session-claims";

/**
 * Who is calling: a user, and the access token they sent if the request came with one
 * (`Authorization: Bearer`). With a token, `user.isAdmin` is the owner's only when the token
 * carries site-admin powers, so every check that reads it applies the token's scope.
 */
export type Caller = { user: UserRecord; token: ApiTokenRecord | null };

type Resolution = { caller: Caller } | { refusal: string } | null;

/**
 * The request's caller; `refusal` when a Bearer token was sent and cannot be used (the cookie is
 * then not consulted: a script must learn that its token is bad); null when nobody is signed in,
 * the account is gone or deactivated, or the session was revoked (its version is older than the
 * account's: sign-out, password change, reset or deactivation).
 */
async function resolveCaller(): Promise<Resolution> {
  const claims = await sessionClaims();
  if (claims && typeof claims.bearer === "string") return await tokenCaller(claims.bearer);
  const user = await liveSessionUser(claims);
  return user ? { caller: { user, token: null } } : null;
}

async function tokenCaller(secret: string): Promise<Resolution> {
  if (secret === "") return { refusal: "The Authorization header says Bearer but carries no token: send `Authorization: Bearer gst_…`." };
  const db = await getDb();
  const found = await findApiTokenBySecret({ db, secret });
  if ("refusal" in found) return found;
  const { token } = found;
  const user = await liveTokenUser(token.userId);
  if (!user) return { refusal: `Access token "${token.name}" (gst_${token.prefix}…) belongs to a deactivated account: it no longer works.` };
  await touchApiToken({ db, id: token.id });
  return { caller: { user: { ...user, isAdmin: user.isAdmin && token.siteAdmin }, token } };
}

/** The signed-in user (or the user an access token stands for), or null; see resolveCaller. */
export async function currentUser(): Promise<UserRecord | null> {
  const resolved = await resolveCaller();
  return resolved && "caller" in resolved ? resolved.caller.user : null;
}

export const PASSWORD_CHANGE_REQUIRED = "Change your password before anything else: a site admin reset it (open /account/password).";

export const TOKENS_CANNOT_MANAGE_TOKENS =
  "An access token cannot create, list or revoke access tokens: sign in to Goldset in a browser (account page) or use `goldset token` on the server.";

type CallerOptions = {
  allowPendingPasswordChange?: boolean;
  /** Set by routes a token may not use (token management): the 403 message a token gets. */
  tokenRefusal?: string;
};

/**
 * The caller, refused with a 401 when nobody is signed in or the token is bad. An account whose
 * password was reset may do nothing but change it, so it is refused here (session or token) unless
 * the caller is the password change itself.
 */
export async function requireCaller({ allowPendingPasswordChange = false, tokenRefusal }: CallerOptions = {}): Promise<Caller> {
  const resolved = await resolveCaller();
  if (!resolved) throw new GoldsetError("unauthorized", "Sign in first.");
  if ("refusal" in resolved) throw new GoldsetError("unauthorized", resolved.refusal);
  const { caller } = resolved;
  if (caller.token && tokenRefusal) throw new GoldsetError("forbidden", tokenRefusal);
  if (caller.user.mustChangePassword && !allowPendingPasswordChange) throw new GoldsetError("forbidden", PASSWORD_CHANGE_REQUIRED);
  return caller;
}

/** The signed-in user (or the user a token stands for); see requireCaller. */
export async function requireUser(options: CallerOptions = {}): Promise<UserRecord> {
  return (await requireCaller(options)).user;
}

/** Whether the caller's token (if any) reaches this project. */
export function tokenCoversProject(token: ApiTokenRecord | null, projectId: string): boolean {
  return !token || token.projectIds === null || token.projectIds.includes(projectId);
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
 * (a GET, a page), and the archive switch itself, pass `allowArchived`. Through an access token, a
 * project outside its scope is "not found" too, and the role is the lower of the member's and the
 * token's cap (`role` is that effective role).
 */
export async function requireProjectAccess(
  slug: string,
  action: ProjectAction | "view",
  { allowArchived = false }: { allowArchived?: boolean } = {},
): Promise<ProjectAccess> {
  const { user, token } = await requireCaller();
  const db = await getDb();
  const found = await getProjectBySlug({ db, slug });
  const project = found && tokenCoversProject(token, found.id) ? found : undefined;
  const memberRole = project ? await getRole({ db, projectId: project.id, userId: user.id }) : null;
  const role = memberRole && token ? lowerRole(memberRole, token.maxRole) : memberRole;
  const actor = { isAdmin: user.isAdmin, role };
  if (!project || !canSeeProject(actor)) throw new GoldsetError("not_found", `No project "${slug}".`);
  if (action !== "view" && !can(actor, action)) {
    const capped = token && memberRole && memberRole !== role ? ` (capped at ${role} by this access token; yours is ${memberRole})` : "";
    throw new GoldsetError("forbidden", capped ? `Your role in this project${capped} does not allow this.` : `Your role in this project (${role ?? "none"}) does not allow this.`);
  }
  if (!allowArchived && action !== "view" && changesProject(action)) refuseWhileArchived(project);
  return { user, project, role };
}
