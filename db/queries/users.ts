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

export function createUser({
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
}): UserRecord {
  const normalised = normaliseEmail(email);
  return db.transaction((tx) => {
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, normalised)).get();
    if (existing) throw new GoldsetError("conflict", `A user with email ${normalised} already exists.`);
    const row = { id: randomUUID(), email: normalised, name: name.trim(), passwordHash, isAdmin, mustChangePassword, createdAt: new Date() };
    tx.insert(users).values(row).run();
    recordAudit(tx, { actorId, action: "user.create", targetType: "user", targetId: row.id, details: { email: normalised, isAdmin } });
    return { id: row.id, email: row.email, name: row.name, isAdmin, mustChangePassword, sessionVersion: 0, deactivatedAt: null, createdAt: row.createdAt };
  });
}

/** Only for sign-in: the one query that returns the password hash. */
export function findUserCredentials({ db, email }: { db: Db; email: string }) {
  return db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .get();
}

export function getUserById({ db, id }: { db: Db; id: string }): UserRecord | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get();
}

export function getUserByEmail({ db, email }: { db: Db; email: string }): UserRecord | undefined {
  return db.select(publicColumns).from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function listUsers({ db }: { db: Db }): UserRecord[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.email)).all();
}

export function countUsers({ db }: { db: Db }): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

function requireUserRow(tx: Executor, id: string): UserRecord {
  const user = tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
  if (!user) throw new GoldsetError("not_found", `No user with id ${id}.`);
  return user;
}

/**
 * Stores a new password hash and ends every session of the user. `reset` is a site admin setting a
 * temporary password: the user must then choose their own before doing anything else.
 */
export function setPassword({
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
}): UserRecord {
  return db.transaction((tx) => {
    const user = requireUserRow(tx, userId);
    tx.update(users)
      .set({ passwordHash, mustChangePassword: reset, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .run();
    recordAudit(tx, { actorId, action: reset ? "user.password_reset" : "user.password_change", targetType: "user", targetId: userId, details: { email: user.email } });
    return requireUserRow(tx, userId);
  });
}

/** Deactivates (ending every session at once) or reactivates an account; either way audited. */
export function setUserActive({ db, userId, active, actorId }: { db: Db; userId: string; active: boolean; actorId: string | null }): UserRecord {
  return db.transaction((tx) => {
    const user = requireUserRow(tx, userId);
    if (active === (user.deactivatedAt === null)) return user;
    if (!active && actorId === userId) throw new GoldsetError("conflict", "You cannot deactivate your own account: ask another site admin.");
    tx.update(users)
      .set(active ? { deactivatedAt: null } : { deactivatedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .run();
    recordAudit(tx, { actorId, action: active ? "user.reactivate" : "user.deactivate", targetType: "user", targetId: userId, details: { email: user.email } });
    return requireUserRow(tx, userId);
  });
}

/** Ends every session of the user (sign-out): tokens issued before now stop working. */
export function revokeSessions({ db, userId }: { db: Db; userId: string }): void {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}
