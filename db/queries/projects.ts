import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { items, labels, memberships, projectCounts, projects, type ProjectRole, type TaskType } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import { labelKindFor, type LabelKind } from "@/lib/projects/project-input";
import type { SpanSettings } from "@/lib/projects/workflow-settings";

export type LabelInput = { name: string; description?: string; hotkey?: string | null; color?: string; kind?: LabelKind };

export type LabelRecord = {
  id: number;
  name: string;
  /** "entity": a span type of a spans project; "item": a label of the whole item. */
  kind: LabelKind;
  description: string;
  hotkey: string | null;
  color: string;
  position: number;
  /** Hidden from new work (the annotate page, LLM prompts), still shown in history. */
  retired: boolean;
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
  /** Set while the project is archived (read-only); null when it is active. */
  archivedAt: Date | null;
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
  archivedAt: projects.archivedAt,
  createdAt: projects.createdAt,
};

/** A soft-deleted project is gone for every lookup below (its rows stay, see project-lifecycle.ts). */
const notDeleted = isNull(projects.deletedAt);

const DEFAULT_COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563"];

export async function createProject({
  db,
  name,
  slug,
  taskType,
  labelDefs,
  guidelines = "",
  overlap = 1,
  createdBy = null,
  spanSettings,
}: {
  db: Db;
  name: string;
  slug: string;
  taskType: TaskType;
  labelDefs: LabelInput[];
  guidelines?: string;
  overlap?: number;
  createdBy?: string | null;
  /** A spans project's knobs as given at creation; the rest take their defaults when read. */
  spanSettings?: Partial<SpanSettings>;
}): Promise<ProjectRecord> {
  return await db.transaction(async (tx) => {
    if ((await tx.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).limit(1))[0]) {
      // Worded so that it tells nothing about a project the caller may not see.
      const message = `The slug "${slug}" is not available: choose another slug.`;
      throw new GoldsetError("conflict", message, [{ field: "slug", message }]);
    }
    const id = randomUUID();
    const now = new Date();
    const settings = taskType === "spans" && spanSettings ? { spans: spanSettings } : {};
    await tx.insert(projects).values({ id, slug, name, taskType, guidelines, overlap, settings, createdBy, createdAt: now });
    await tx.insert(labels).values(
      labelDefs.map((l, i) => ({
        projectId: id,
        name: l.name,
        kind: labelKindFor(taskType, l.kind),
        description: l.description ?? "",
        hotkey: l.hotkey === undefined ? (i < 9 ? String(i + 1) : null) : l.hotkey,
        color: l.color ?? DEFAULT_COLOURS[i % DEFAULT_COLOURS.length]!,
        position: i,
        createdAt: now,
      })),
    );
    if (createdBy) await tx.insert(memberships).values({ projectId: id, userId: createdBy, role: "lead", createdAt: now });
    await recordAudit(tx, {
      projectId: id,
      actorId: createdBy,
      action: "project.create",
      targetType: "project",
      targetId: id,
      details: { slug, taskType, overlap, labels: labelDefs.map((l) => l.name), ...settings },
    });
    return (await tx.select(projectColumns).from(projects).where(eq(projects.id, id)).limit(1))[0]!;
  });
}

export async function getProjectBySlug({ db, slug }: { db: Executor; slug: string }): Promise<ProjectRecord | undefined> {
  return (await db.select(projectColumns).from(projects).where(and(eq(projects.slug, slug), notDeleted)).limit(1))[0];
}

export async function getProjectById({ db, projectId }: { db: Executor; projectId: string }): Promise<ProjectRecord | undefined> {
  return (await db.select(projectColumns).from(projects).where(and(eq(projects.id, projectId), notDeleted)).limit(1))[0];
}

export async function listLabels({ db, projectId }: { db: Executor; projectId: string }): Promise<LabelRecord[]> {
  return await db
    .select({
      id: labels.id,
      name: labels.name,
      kind: labels.kind,
      description: labels.description,
      hotkey: labels.hotkey,
      color: labels.color,
      position: labels.position,
      retiredAt: labels.retiredAt,
    })
    .from(labels)
    .where(eq(labels.projectId, projectId))
    .orderBy(asc(labels.position), asc(labels.id))
    .then((rows) => rows.map(({ retiredAt, ...label }) => ({ ...label, retired: retiredAt !== null })));
}

export type ProjectSummary = ProjectRecord & { role: ProjectRole | null; itemCount: number };

/** Projects the user belongs to, deleted ones left out; a site admin sees every project. */
export async function listProjectsForUser({ db, userId, isAdmin }: { db: Db; userId: string; isAdmin: boolean }): Promise<ProjectSummary[]> {
  const rows = await db
    .select({
      ...projectColumns,
      role: memberships.role,
      // From the counters the triggers keep (project_counts), not a count of the items: the list costs the same at any size.
      itemCount: sql<number>`coalesce((select ${projectCounts.items} from ${projectCounts} where ${projectCounts.projectId} = ${projects.id}), 0)`.mapWith(Number),
    })
    .from(projects)
    .leftJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, userId)))
    .where(notDeleted)
    .orderBy(asc(projects.name));
  return rows.filter((r) => isAdmin || r.role !== null);
}

export async function updateProjectSettings({
  db,
  projectId,
  actorId,
  changes,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  changes: Partial<Pick<ProjectRecord, "name" | "guidelines" | "overlap" | "visibleMetadata" | "leaseMinutes">>;
}): Promise<ProjectRecord> {
  return await db.transaction(async (tx) => {
    await tx.update(projects).set(changes).where(eq(projects.id, projectId));
    if (changes.overlap !== undefined) {
      // Whether an item still needs labels depends on the overlap: recompute it for the project.
      await tx
        .update(items)
        .set({ open: sql`${items.labelledBy} < ${changes.overlap} + ${items.extraAnnotations}` })
        .where(eq(items.projectId, projectId));
    }
    await recordAudit(tx, { projectId, actorId, action: "project.settings", targetType: "project", targetId: projectId, details: changes });
    return (await tx.select(projectColumns).from(projects).where(eq(projects.id, projectId)).limit(1))[0]!;
  });
}

/**
 * Replaces label descriptions, hotkeys and colours, and appends new labels. Labels already used
 * by annotations cannot be renamed or removed here: their names are what annotations store.
 */
export async function saveLabels({
  db,
  projectId,
  actorId,
  labelDefs,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  labelDefs: LabelInput[];
}): Promise<LabelRecord[]> {
  return await db.transaction(async (tx) => {
    const project = (await tx.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    if (!project) throw new GoldsetError("not_found", `No project ${projectId}.`);
    const existing = await tx.select().from(labels).where(eq(labels.projectId, projectId));
    const byName = new Map(existing.map((l) => [l.name, l]));
    // A label keeps the kind it was created with; a new one takes the given kind or the task's default.
    const kinds = labelDefs.map((def) => byName.get(def.name)?.kind ?? labelKindFor(project.taskType, def.kind));
    if (project.taskType === "spans" ? !kinds.includes("entity") : labelDefs.length < 2 || kinds.includes("entity")) {
      const message =
        project.taskType === "spans"
          ? "labels: a spans task needs at least one entity type (a label of kind \"entity\")"
          : "labels: a classification task needs at least two labels, none of kind \"entity\"";
      throw new GoldsetError("bad_request", `The labels were not saved: ${message}.`, [{ field: "labels", message }]);
    }
    const kept = new Set(labelDefs.map((l) => l.name));
    const removed = existing.filter((l) => !kept.has(l.name)).map((l) => l.name);
    if (removed.length > 0) {
      throw new GoldsetError("bad_request", `Labels cannot be removed once created (missing: ${removed.join(", ")}).`);
    }
    const now = new Date();
    for (const [position, def] of labelDefs.entries()) {
      const values = {
        description: def.description ?? "",
        hotkey: def.hotkey ?? null,
        color: def.color ?? DEFAULT_COLOURS[position % DEFAULT_COLOURS.length]!,
        position,
      };
      const current = byName.get(def.name);
      if (current) await tx.update(labels).set(values).where(eq(labels.id, current.id));
      else await tx.insert(labels).values({ projectId, name: def.name, kind: kinds[position]!, ...values, createdAt: now });
    }
    await tx
      .update(projects)
      .set({ labelSetVersion: sql`${projects.labelSetVersion} + 1` })
      .where(eq(projects.id, projectId));
    await recordAudit(tx, { projectId, actorId, action: "labels.save", targetType: "project", targetId: projectId, details: { labels: labelDefs } });
    return await listLabels({ db: tx, projectId });
  });
}
