// A project's life after creation: archived (read-only, see lib/projects/project-lifecycle.ts for
// what that refuses), unarchived, and deleted. Deletion is soft: the project disappears from every
// lookup (db/queries/projects.ts leaves deleted rows out) while its items, labels, exports and
// audit trail stay, so a mistaken deletion can be undone by a site admin and nothing the team
// produced is lost. Each change is audited in its own transaction.
import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";

type Change = { db: Db; projectId: string; actorId: string };

async function liveProject(tx: Executor, projectId: string): Promise<{ name: string; slug: string; archivedAt: Date | null }> {
  const row = (
    await tx
      .select({ name: projects.name, slug: projects.slug, archivedAt: projects.archivedAt })
      .from(projects)
      .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)))
      .limit(1)
  )[0];
  if (!row) throw new GoldsetError("not_found", "No such project.");
  return row;
}

export async function archiveProject({ db, projectId, actorId }: Change): Promise<{ archivedAt: Date }> {
  return await db.transaction(async (tx) => {
    const project = await liveProject(tx, projectId);
    if (project.archivedAt) throw new GoldsetError("conflict", "This project is already archived.");
    const archivedAt = new Date();
    await tx.update(projects).set({ archivedAt }).where(eq(projects.id, projectId));
    await recordAudit(tx, { projectId, actorId, action: "project.archive", targetType: "project", targetId: projectId, at: archivedAt });
    return { archivedAt };
  });
}

export async function unarchiveProject({ db, projectId, actorId }: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const project = await liveProject(tx, projectId);
    if (!project.archivedAt) throw new GoldsetError("conflict", "This project is not archived.");
    await tx.update(projects).set({ archivedAt: null }).where(eq(projects.id, projectId));
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "project.unarchive",
      targetType: "project",
      targetId: projectId,
      details: { archivedAt: project.archivedAt.toISOString() },
    });
  });
}

/**
 * Soft-deletes the project once the caller typed its name exactly (the confirmation the UI asks
 * for, checked here too so that no client can skip it).
 */
export async function deleteProject({ db, projectId, actorId, typedName }: Change & { typedName: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const project = await liveProject(tx, projectId);
    if (typedName !== project.name) {
      throw new GoldsetError("bad_request", `To delete the project, type its name exactly as it is written: ${project.name}`, [
        { field: "typedName", message: "The typed name does not match the project's name." },
      ]);
    }
    const deletedAt = new Date();
    await tx.update(projects).set({ deletedAt, deletedBy: actorId }).where(eq(projects.id, projectId));
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "project.delete",
      targetType: "project",
      targetId: projectId,
      details: { slug: project.slug, name: project.name },
      at: deletedAt,
    });
  });
}

export type DeletedProject = { id: string; slug: string; name: string; deletedAt: Date; deletedBy: string | null };

/** For site admins: the deleted projects, most recent first, so that a mistaken deletion can be restored. */
export async function listDeletedProjects({ db }: { db: Db }): Promise<DeletedProject[]> {
  const rows = await db
    .select({ id: projects.id, slug: projects.slug, name: projects.name, deletedAt: projects.deletedAt, deletedBy: projects.deletedBy })
    .from(projects)
    .where(isNotNull(projects.deletedAt));
  return rows.map((r) => ({ ...r, deletedAt: r.deletedAt! })).sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

export async function restoreProject({ db, projectId, actorId }: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const row = (await tx.select({ deletedAt: projects.deletedAt }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    if (!row?.deletedAt) throw new GoldsetError("not_found", "No deleted project with this id.");
    await tx.update(projects).set({ deletedAt: null, deletedBy: null }).where(eq(projects.id, projectId));
    await recordAudit(tx, { projectId, actorId, action: "project.restore", targetType: "project", targetId: projectId });
  });
}
