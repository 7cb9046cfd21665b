import { asc, count, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { users } from "../schema";
import type { Db } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";

export type UserRecord = { id: string; email: string; name: string; isAdmin: boolean; createdAt: Date };

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  isAdmin: users.isAdmin,
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
  actorId = null,
}: {
  db: Db;
  email: string;
  name: string;
  passwordHash: string;
  isAdmin?: boolean;
  actorId?: string | null;
}): UserRecord {
  const normalised = normaliseEmail(email);
  return db.transaction((tx) => {
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, normalised)).get();
    if (existing) throw new GoldsetError("conflict", `A user with email ${normalised} already exists.`);
    const row = { id: randomUUID(), email: normalised, name: name.trim(), passwordHash, isAdmin, createdAt: new Date() };
    tx.insert(users).values(row).run();
    recordAudit(tx, { actorId, action: "user.create", targetType: "user", targetId: row.id, details: { email: normalised, isAdmin } });
    return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin, createdAt: row.createdAt };
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
