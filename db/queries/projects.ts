import { and, asc, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { items, labels, memberships, projects, type ProjectRole, type TaskType } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";

export type LabelInput = { name: string; description?: string; hotkey?: string | null; color?: string };

export type LabelRecord = {
  id: number;
  name: string;
  description: string;
  hotkey: string | null;
  color: string;
  position: number;
};

export type ProjectRecord = {
  id: string;
  slug: string;
  name: string;
  taskType: TaskType;
  guidelines: string;
  overlap: number;
  visibleMetadata: string[];
  labelSetVersion: number;
  leaseMinutes: number;
  settings: Record<string, unknown>;
  createdAt: Date;
};

const projectColumns = {
  id: projects.id,
  slug: projects.slug,
  name: projects.name,
  taskType: projects.taskType,
  guidelines: projects.guidelines,
  overlap: projects.overlap,
  visibleMetadata: projects.visibleMetadata,
  labelSetVersion: projects.labelSetVersion,
  leaseMinutes: projects.leaseMinutes,
  settings: projects.settings,
  createdAt: projects.createdAt,
};

const DEFAULT_COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563"];

export function createProject({
  db,
  name,
  slug,
  taskType,
  labelDefs,
  guidelines = "",
  overlap = 1,
  createdBy = null,
}: {
  db: Db;
  name: string;
  slug: string;
  taskType: TaskType;
  labelDefs: LabelInput[];
  guidelines?: string;
  overlap?: number;
  createdBy?: string | null;
}): ProjectRecord {
  return db.transaction((tx) => {
    if (tx.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).get()) {
      // Worded so that it tells nothing about a project the caller may not see.
      throw new GoldsetError("conflict", `The slug "${slug}" is not available: choose another slug.`);
    }
    const id = randomUUID();
    const now = new Date();
    tx.insert(projects).values({ id, slug, name, taskType, guidelines, overlap, createdBy, createdAt: now }).run();
    tx.insert(labels)
      .values(
        labelDefs.map((l, i) => ({
          projectId: id,
          name: l.name,
          description: l.description ?? "",
          hotkey: l.hotkey === undefined ? (i < 9 ? String(i + 1) : null) : l.hotkey,
          color: l.color ?? DEFAULT_COLOURS[i % DEFAULT_COLOURS.length]!,
          position: i,
          createdAt: now,
        })),
      )
      .run();
    if (createdBy) tx.insert(memberships).values({ projectId: id, userId: createdBy, role: "lead", createdAt: now }).run();
    recordAudit(tx, {
      projectId: id,
      actorId: createdBy,
      action: "project.create",
      targetType: "project",
      targetId: id,
      details: { slug, taskType, overlap, labels: labelDefs.map((l) => l.name) },
    });
    return tx.select(projectColumns).from(projects).where(eq(projects.id, id)).get()!;
  });
}

export function getProjectBySlug({ db, slug }: { db: Executor; slug: string }): ProjectRecord | undefined {
  return db.select(projectColumns).from(projects).where(eq(projects.slug, slug)).get();
}

export function listLabels({ db, projectId }: { db: Executor; projectId: string }): LabelRecord[] {
  return db
    .select({
      id: labels.id,
      name: labels.name,
      description: labels.description,
      hotkey: labels.hotkey,
      color: labels.color,
      position: labels.position,
    })
    .from(labels)
    .where(eq(labels.projectId, projectId))
    .orderBy(asc(labels.position))
    .all();
}

export type ProjectSummary = ProjectRecord & { role: ProjectRole | null; itemCount: number };

/** Projects the user belongs to; a site admin sees every project. */
export function listProjectsForUser({ db, userId, isAdmin }: { db: Db; userId: string; isAdmin: boolean }): ProjectSummary[] {
  const rows = db
    .select({
      ...projectColumns,
      role: memberships.role,
      itemCount: sql<number>`(select count(*) from ${items} where ${items.projectId} = ${projects.id})`,
    })
    .from(projects)
    .leftJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, userId)))
    .orderBy(asc(projects.name))
    .all();
  return rows.filter((r) => isAdmin || r.role !== null);
}

export function updateProjectSettings({
  db,
  projectId,
  actorId,
  changes,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  changes: Partial<Pick<ProjectRecord, "name" | "guidelines" | "overlap" | "visibleMetadata" | "leaseMinutes">>;
}): ProjectRecord {
  return db.transaction((tx) => {
    tx.update(projects).set(changes).where(eq(projects.id, projectId)).run();
    if (changes.overlap !== undefined) {
      // Whether an item still needs labels depends on the overlap: recompute it for the project.
      tx.update(items)
        .set({ open: sql`${items.labelledBy} < ${changes.overlap} + ${items.extraAnnotations}` })
        .where(eq(items.projectId, projectId))
        .run();
    }
    recordAudit(tx, { projectId, actorId, action: "project.settings", targetType: "project", targetId: projectId, details: changes });
    return tx.select(projectColumns).from(projects).where(eq(projects.id, projectId)).get()!;
  });
}

/**
 * Replaces label descriptions, hotkeys and colours, and appends new labels. Labels already used
 * by annotations cannot be renamed or removed here: their names are what annotations store.
 */
export function saveLabels({
  db,
  projectId,
  actorId,
  labelDefs,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  labelDefs: LabelInput[];
}): LabelRecord[] {
  return db.transaction((tx) => {
    const existing = tx.select().from(labels).where(eq(labels.projectId, projectId)).all();
    const byName = new Map(existing.map((l) => [l.name, l]));
    const kept = new Set(labelDefs.map((l) => l.name));
    const removed = existing.filter((l) => !kept.has(l.name)).map((l) => l.name);
    if (removed.length > 0) {
      throw new GoldsetError("bad_request", `Labels cannot be removed once created (missing: ${removed.join(", ")}).`);
    }
    const now = new Date();
    labelDefs.forEach((def, position) => {
      const values = {
        description: def.description ?? "",
        hotkey: def.hotkey ?? null,
        color: def.color ?? DEFAULT_COLOURS[position % DEFAULT_COLOURS.length]!,
        position,
      };
      const current = byName.get(def.name);
      if (current) tx.update(labels).set(values).where(eq(labels.id, current.id)).run();
      else tx.insert(labels).values({ projectId, name: def.name, ...values, createdAt: now }).run();
    });
    tx.update(projects)
      .set({ labelSetVersion: sql`${projects.labelSetVersion} + 1` })
      .where(eq(projects.id, projectId))
      .run();
    recordAudit(tx, { projectId, actorId, action: "labels.save", targetType: "project", targetId: projectId, details: { labels: labelDefs } });
    return listLabels({ db: tx, projectId });
  });
}
