import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { users } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  sessionVersion: number;
  mustChangePassword: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
};

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  isAdmin: users.isAdmin,
  sessionVersion: users.sessionVersion,
  mustChangePassword: users.mustChangePassword,
  deactivatedAt: users.deactivatedAt,
  createdAt: users.createdAt,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser({
  db,
  email,
  name,
  passwordHash,
  isAdmin = false,
  mustChangePassword = false,
  actorId = null,
}: {
  db: Db;
  email: string;
  name: string;
  passwordHash: string;
  isAdmin?: boolean;
  mustChangePassword?: boolean;
  actorId?: string | null;
}): Promise<UserRecord> {
  const normalised = normaliseEmail(email);
  return await db.transaction(async (tx) => {
    const existing = (await tx.select({ id: users.id }).from(users).where(eq(users.email, normalised)).limit(1))[0];
    if (existing) throw new GoldsetError("conflict", `A user with email ${normalised} already exists.`);
    const row = { id: randomUUID(), email: normalised, name: name.trim(), passwordHash, isAdmin, mustChangePassword, createdAt: new Date() };
    await tx.insert(users).values(row);
    await recordAudit(tx, { actorId, action: "user.create", targetType: "user", targetId: row.id, details: { email: normalised, isAdmin } });
    return { id: row.id, email: row.email, name: row.name, isAdmin, mustChangePassword, sessionVersion: 0, deactivatedAt: null, createdAt: row.createdAt };
  });
}

/** Only for sign-in: the one query that returns the password hash. */
export async function findUserCredentials({ db, email }: { db: Db; email: string }) {
  return (
    await db
      .select({ ...publicColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, normaliseEmail(email)))
      .limit(1)
  )[0];
}

export async function getUserById({ db, id }: { db: Db; id: string }): Promise<UserRecord | undefined> {
  return (await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1))[0];
}

export async function getUserByEmail({ db, email }: { db: Db; email: string }): Promise<UserRecord | undefined> {
  return (
    await db
      .select(publicColumns)
      .from(users)
      .where(eq(users.email, normaliseEmail(email)))
      .limit(1)
  )[0];
}

export async function listUsers({ db }: { db: Db }): Promise<UserRecord[]> {
  return await db.select(publicColumns).from(users).orderBy(asc(users.email));
}

export async function countUsers({ db }: { db: Db }): Promise<number> {
  return (await db.select({ n: count() }).from(users).limit(1))[0]?.n ?? 0;
}

async function requireUserRow(tx: Executor, id: string): Promise<UserRecord> {
  const user = (await tx.select(publicColumns).from(users).where(eq(users.id, id)).limit(1))[0];
  if (!user) throw new GoldsetError("not_found", `No user with id ${id}.`);
  return user;
}

/**
 * Stores a new password hash and ends every session of the user. `reset` is a site admin setting a
 * temporary password: the user must then choose their own before doing anything else.
 */
export async function setPassword({
  db,
  userId,
  passwordHash,
  reset,
  actorId,
}: {
  db: Db;
  userId: string;
  passwordHash: string;
  reset: boolean;
  actorId: string | null;
}): Promise<UserRecord> {
  return await db.transaction(async (tx) => {
    const user = await requireUserRow(tx, userId);
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: reset, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await recordAudit(tx, {
      actorId,
      action: reset ? "user.password_reset" : "user.password_change",
      targetType: "user",
      targetId: userId,
      details: { email: user.email },
    });
    return await requireUserRow(tx, userId);
  });
}

/** Deactivates (ending every session at once) or reactivates an account; either way audited. */
export async function setUserActive({ db, userId, active, actorId }: { db: Db; userId: string; active: boolean; actorId: string | null }): Promise<UserRecord> {
  return await db.transaction(async (tx) => {
    const user = await requireUserRow(tx, userId);
    if (active === (user.deactivatedAt === null)) return user;
    if (!active && actorId === userId) throw new GoldsetError("conflict", "You cannot deactivate your own account: ask another site admin.");
    await tx
      .update(users)
      .set(active ? { deactivatedAt: null } : { deactivatedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await recordAudit(tx, {
      actorId,
      action: active ? "user.reactivate" : "user.deactivate",
      targetType: "user",
      targetId: userId,
      details: { email: user.email },
    });
    return await requireUserRow(tx, userId);
  });
}

/** Ends every session of the user (sign-out): tokens issued before now stop working. */
export async function revokeSessions({ db, userId }: { db: Db; userId: string }): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
