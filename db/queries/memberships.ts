import "server-only";
import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { leases, memberships, users, type ProjectRole } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";

export async function getRole({ db, projectId, userId }: { db: Executor; projectId: string; userId: string }): Promise<ProjectRole | null> {
  const row = (
    await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
      .limit(1)
  )[0];
  return row?.role ?? null;
}

/** Adds a member, or changes the role of an existing one; either way the change is audited. */
export async function setMemberRole({
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
}): Promise<void> {
  await db.transaction(async (tx) => {
    const previous = await getRole({ db: tx, projectId, userId });
    if (previous === role) return;
    await tx
      .insert(memberships)
      .values({ projectId, userId, role, createdAt: new Date() })
      .onConflictDoUpdate({ target: [memberships.projectId, memberships.userId], set: { role } });
    await recordAudit(tx, {
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

export async function listMembers({ db, projectId }: { db: Executor; projectId: string }): Promise<MemberRecord[]> {
  return await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(users.email));
}

/**
 * Removes a member from a project; access ends on their next request, since roles are read per
 * request. Their labels stay (annotations are append-only); the items they held are released.
 * A project keeps at least one lead.
 */
export async function removeMember({ db, projectId, userId, actorId }: { db: Db; projectId: string; userId: string; actorId: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const role = await getRole({ db: tx, projectId, userId });
    if (!role) throw new GoldsetError("not_found", "That user is not a member of this project.");
    if (role === "lead") {
      const leads =
        (
          await tx
            .select({ n: count() })
            .from(memberships)
            .where(and(eq(memberships.projectId, projectId), eq(memberships.role, "lead")))
            .limit(1)
        )[0]?.n ?? 0;
      if (leads <= 1) throw new GoldsetError("conflict", "This is the project's only lead: make someone else lead before removing them.");
    }
    await tx.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    await tx.delete(leases).where(and(eq(leases.projectId, projectId), eq(leases.userId, userId)));
    await recordAudit(tx, { projectId, actorId, action: "member.remove", targetType: "user", targetId: userId, details: { role } });
  });
}

/**
 * Pauses an annotator (the queue serves a paused member nothing), inside the caller's transaction,
 * with the reason and an audit row. Only annotators are paused; someone already paused stays as
 * they were. Returns whether this call paused them.
 */
export async function pauseMember({
  tx,
  projectId,
  userId,
  reason,
  actorId,
  details = {},
  now = new Date(),
}: {
  tx: Tx;
  projectId: string;
  userId: string;
  reason: string;
  actorId: string | null;
  details?: Record<string, unknown>;
  now?: Date;
}): Promise<boolean> {
  const paused = await tx
    .update(memberships)
    .set({ pausedAt: now, pausedReason: reason })
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId), eq(memberships.role, "annotator"), isNull(memberships.pausedAt)))
    .returning({ userId: memberships.userId });
  if (paused.length === 0) return false;
  await recordAudit(tx, { projectId, actorId, action: "member.pause", targetType: "user", targetId: userId, details: { reason, ...details }, at: now });
  return true;
}

/**
 * A lead pauses an annotator by hand (audited with their reason): the queue serves them nothing and
 * their labels are refused until a lead unpauses them. Only annotators can be paused, and once.
 */
export async function pauseMemberByLead({ db, projectId, userId, actorId, reason }: { db: Db; projectId: string; userId: string; actorId: string; reason: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const member = (
      await tx
        .select({ role: memberships.role, pausedAt: memberships.pausedAt })
        .from(memberships)
        .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
        .limit(1)
    )[0];
    if (!member) throw new GoldsetError("not_found", "That user is not a member of this project.");
    if (member.role !== "annotator") throw new GoldsetError("conflict", `Only annotators can be paused; this member is a ${member.role}.`);
    if (member.pausedAt) throw new GoldsetError("conflict", "That annotator is already paused.");
    await pauseMember({ tx, projectId, userId, actorId, reason, details: { manual: true } });
  });
}

/** A lead lifts a member's pause (audited); the queue serves them again on their next request. */
export async function unpauseMember({ db, projectId, userId, actorId }: { db: Db; projectId: string; userId: string; actorId: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const member = and(eq(memberships.projectId, projectId), eq(memberships.userId, userId), isNotNull(memberships.pausedAt));
    const paused = (await tx.select({ reason: memberships.pausedReason }).from(memberships).where(member).limit(1))[0];
    if (!paused) throw new GoldsetError("not_found", "That member is not paused in this project.");
    await tx.update(memberships).set({ pausedAt: null, pausedReason: null }).where(member);
    // The audit keeps the reason the pause had, since the membership forgets it.
    await recordAudit(tx, { projectId, actorId, action: "member.unpause", targetType: "user", targetId: userId, details: { reason: paused.reason } });
  });
}

/** Whether the member is paused in the project (a non-member is not). */
export async function isMemberPaused({ db, projectId, userId }: { db: Executor; projectId: string; userId: string }): Promise<boolean> {
  const row = (
    await db
      .select({ pausedAt: memberships.pausedAt })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
      .limit(1)
  )[0];
  return row?.pausedAt != null;
}
