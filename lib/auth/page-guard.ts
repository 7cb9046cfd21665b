// The page-side face of requireProjectAccess: signed-out visitors go to the login page, unknown
// projects are a 404, and a role that may not open the page gets a refusal to render.
import "server-only";
import { notFound, redirect } from "next/navigation";
import { GoldsetError } from "@/lib/errors";
import type { UserRecord } from "@/db/queries/users";
import { currentCaller, currentUser, PASSWORD_CHANGE_REQUIRED, requireProjectAccess, type ProjectAccess } from "./guard";
import type { ProjectAction } from "./permissions";

export type PageAccess = ({ allowed: true } & ProjectAccess) | { allowed: false; reason: string };

export async function pageAccess(slug: string, action: ProjectAction | "view"): Promise<PageAccess> {
  try {
    // A page only reads (its changes go through the API routes), so an archived project still opens.
    return { allowed: true, ...(await requireProjectAccess(slug, action, { allowArchived: true })) };
  } catch (error) {
    if (!(error instanceof GoldsetError)) throw error;
    if (error.code === "unauthorized") redirect(`/login?callbackUrl=${encodeURIComponent(`/projects/${slug}`)}`);
    if (error.message === PASSWORD_CHANGE_REQUIRED) redirect("/account/password");
    if (error.code === "not_found") notFound();
    return { allowed: false, reason: error.message };
  }
}

/** The signed-in user for a page: signed-out visitors go to the login page, a reset password to its change first. */
export async function pageUser(): Promise<UserRecord> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/account/password");
  return user;
}

/**
 * pageUser for the pages that manage access tokens, which a token may not open: a request that
 * carries one is treated as signed out.
 */
export async function pageSessionUser(): Promise<UserRecord> {
  const caller = await currentCaller();
  if (!caller || caller.token) redirect("/login");
  if (caller.user.mustChangePassword) redirect("/account/password");
  return caller.user;
}
