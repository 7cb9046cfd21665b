// What makes a session's claims still good: the account exists and is active, and the session's
// version is the account's current one (sign-out, a password change or reset, and deactivation
// raise it). One definition for next-auth's token callback and the server guards.
import "server-only";
import { getDb } from "@/db";
import { getUserById, type UserRecord } from "@/db/queries/users";

/** The account behind a session's user id and session version, or null when the session has ended. */
export async function liveSessionUser(claims: Record<string, unknown> | null | undefined): Promise<UserRecord | null> {
  if (!claims || typeof claims.uid !== "string" || typeof claims.sv !== "number") return null;
  const user = await getUserById({ db: await getDb(), id: claims.uid });
  if (!user || user.deactivatedAt || user.sessionVersion !== claims.sv) return null;
  return user;
}

/**
 * The account behind an access token, or null when it is gone or deactivated: the same rule as for
 * sessions, read on every request, so deactivation stops its tokens at once. Session versions do
 * not apply: a token is revoked by itself, not by signing out.
 */
export async function liveTokenUser(userId: string): Promise<UserRecord | null> {
  const user = await getUserById({ db: await getDb(), id: userId });
  if (!user || user.deactivatedAt) return null;
  return user;
}
