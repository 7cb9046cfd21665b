// Personal access tokens. The secret is shown once, by createApiToken, and never stored: the table
// keeps its SHA-256 and a short prefix to recognise it by. A token stands for its user within a
// scope: some or all of their projects, a role cap, and site-admin powers only when asked for.
import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { apiTokens, memberships, projects, type ProjectRole } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import { newTokenSecret, tokenHash, tokenPrefix } from "@/lib/auth/access-token";

export type ApiTokenRecord = {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  /** Null: every project the user can see. */
  projectIds: string[] | null;
  maxRole: ProjectRole;
  siteAdmin: boolean;
  expiresAt: Date;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** A token in a list: its projects by slug, for people to read. */
export type ApiTokenListing = ApiTokenRecord & { projectSlugs: string[] | null };

const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  projectIds: apiTokens.projectIds,
  maxRole: apiTokens.maxRole,
  siteAdmin: apiTokens.siteAdmin,
  expiresAt: apiTokens.expiresAt,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** The ids of `slugs`, each of which the user must be able to see (a member, or a site admin). */
async function scopeProjectIds(tx: Executor, user: { id: string; isAdmin: boolean }, slugs: string[]): Promise<string[]> {
  const rows = await tx
    .select({ id: projects.id, slug: projects.slug, role: memberships.role })
    .from(projects)
    .leftJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, user.id)))
    .where(and(inArray(projects.slug, slugs), isNull(projects.deletedAt)));
  const visible = new Map(rows.filter((r) => user.isAdmin || r.role !== null).map((r) => [r.slug, r.id]));
  const unknown = slugs.filter((slug) => !visible.has(slug));
  if (unknown.length > 0) {
    throw new GoldsetError("bad_request", `No project ${unknown.map((s) => `"${s}"`).join(", ")} among yours: a token's projects must be ones you belong to.`, [
      { field: "projects", message: `projects: unknown or not yours: ${unknown.join(", ")}` },
    ]);
  }
  return [...new Set(slugs)].map((slug) => visible.get(slug)!);
}

/**
 * Creates a token for `user` and returns it with its secret, the only time the secret exists
 * outside the caller's hands. `projectSlugs` null means all the user's projects; a site-admin
 * token needs a site-admin owner.
 */
export async function createApiToken({
  db,
  user,
  name,
  projectSlugs,
  maxRole,
  siteAdmin,
  expiresAt,
  actorId,
  now = new Date(),
}: {
  db: Db;
  user: { id: string; isAdmin: boolean };
  name: string;
  projectSlugs: string[] | null;
  maxRole: ProjectRole;
  siteAdmin: boolean;
  expiresAt: Date;
  actorId: string | null;
  now?: Date;
}): Promise<{ token: ApiTokenRecord; secret: string }> {
  if (siteAdmin && !user.isAdmin) throw new GoldsetError("forbidden", "Only a site admin's token can carry site-admin powers.");
  if (expiresAt <= now) throw new GoldsetError("bad_request", "A token's expiry must be in the future.");
  return await db.transaction(async (tx) => {
    const projectIds = projectSlugs === null ? null : await scopeProjectIds(tx, user, projectSlugs);
    const secret = newTokenSecret();
    const token: ApiTokenRecord = {
      id: randomUUID(),
      userId: user.id,
      name: name.trim(),
      prefix: tokenPrefix(secret),
      projectIds,
      maxRole,
      siteAdmin,
      expiresAt,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    };
    await tx.insert(apiTokens).values({ ...token, tokenHash: tokenHash(secret) });
    await recordAudit(tx, {
      actorId,
      action: "api_token.create",
      targetType: "api_token",
      targetId: token.id,
      details: { userId: user.id, name: token.name, prefix: token.prefix, projectIds, maxRole, siteAdmin, expiresAt: expiresAt.toISOString() },
      at: now,
    });
    return { token, secret };
  });
}

/** The user's tokens, newest first, revoked and expired ones included (never the hash). */
export async function listApiTokens({ db, userId }: { db: Executor; userId: string }): Promise<ApiTokenListing[]> {
  const rows = await db.select(columns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  const ids = [...new Set(rows.flatMap((r) => r.projectIds ?? []))];
  const slugs = ids.length === 0 ? new Map<string, string>() : new Map((await db.select({ id: projects.id, slug: projects.slug }).from(projects).where(inArray(projects.id, ids))).map((p) => [p.id, p.slug]));
  return rows.reverse().map((r) => ({ ...r, projectSlugs: r.projectIds === null ? null : r.projectIds.map((id) => slugs.get(id) ?? id) }));
}

/**
 * Revokes a token at once. Its owner may revoke it, and a site admin anyone's; for anyone else it
 * does not exist. Revoking a revoked token changes nothing and says so.
 */
export async function revokeApiToken({
  db,
  id,
  actor,
  now = new Date(),
}: {
  db: Db;
  id: string;
  actor: { id: string | null; isAdmin: boolean };
  now?: Date;
}): Promise<ApiTokenRecord> {
  return await db.transaction(async (tx) => {
    const token = (await tx.select(columns).from(apiTokens).where(eq(apiTokens.id, id)).limit(1))[0];
    if (!token || (!actor.isAdmin && token.userId !== actor.id)) throw new GoldsetError("not_found", `You have no access token ${id}.`);
    if (token.revokedAt) throw new GoldsetError("conflict", `Access token "${token.name}" was already revoked on ${token.revokedAt.toISOString()}.`);
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordAudit(tx, { actorId: actor.id, action: "api_token.revoke", targetType: "api_token", targetId: id, details: { userId: token.userId, name: token.name, prefix: token.prefix }, at: now });
    return { ...token, revokedAt: now };
  });
}

export type TokenLookup = { token: ApiTokenRecord } | { refusal: string };

/**
 * The token whose secret this is, or why it cannot be used: unknown, revoked or expired. The
 * refusals name the token by prefix only, so they can be shown to whoever sent it.
 */
export async function findApiTokenBySecret({ db, secret, now = new Date() }: { db: Executor; secret: string; now?: Date }): Promise<TokenLookup> {
  const token = (await db.select(columns).from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash(secret))).limit(1))[0];
  if (!token) return { refusal: "This access token is not valid: check that it was copied whole, or create a new one on your account page." };
  if (token.revokedAt) return { refusal: `Access token "${token.name}" (gst_${token.prefix}…) was revoked: create a new one on your account page.` };
  if (token.expiresAt <= now) return { refusal: `Access token "${token.name}" (gst_${token.prefix}…) expired on ${token.expiresAt.toISOString()}: create a new one on your account page.` };
  return { token };
}

/** Records a use of the token: the list shows it as "last used". */
export async function touchApiToken({ db, id, now = new Date() }: { db: Executor; id: string; now?: Date }): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}
