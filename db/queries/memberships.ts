import { and, asc, eq } from "drizzle-orm";
import { memberships, users, type ProjectRole } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";

export function getRole({ db, projectId, userId }: { db: Executor; projectId: string; userId: string }): ProjectRole | null {
  const row = db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .get();
  return row?.role ?? null;
}

/** Adds a member, or changes the role of an existing one; either way the change is audited. */
export function setMemberRole({
  db,
  projectId,
  userId,
  role,
  actorId,
}: {
  db: Db;
  projectId: string;
  userId: string;
  role: ProjectRole;
  actorId: string | null;
}): void {
  db.transaction((tx) => {
    const previous = getRole({ db: tx, projectId, userId });
    if (previous === role) return;
    tx.insert(memberships)
      .values({ projectId, userId, role, createdAt: new Date() })
      .onConflictDoUpdate({ target: [memberships.projectId, memberships.userId], set: { role } })
      .run();
    recordAudit(tx, {
      projectId,
      actorId,
      action: previous ? "member.role" : "member.add",
      targetType: "user",
      targetId: userId,
      details: { role, previous },
    });
  });
}

export type MemberRecord = { userId: string; email: string; name: string; role: ProjectRole };

export function listMembers({ db, projectId }: { db: Executor; projectId: string }): MemberRecord[] {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(users.email))
    .all();
}
