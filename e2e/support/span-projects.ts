// Seeding a spans project for the specs. Until the server side creates spans projects
// (lib/projects/project-input.ts refuses them), this writes the two things createProject does
// not take yet straight to the e2e database: the labels' kind and settings.spans. Test-side only.
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { annotations, labels, projects } from "@/db/schema";
import { seedProject } from "./database";
import type { Person } from "./people";
import type { ProjectRole } from "@/db/schema";

export async function seedSpansProject({
  slug,
  entityTypes,
  itemLabels = [],
  texts,
  members,
  spans = { characterLevel: false, allowOverlap: false },
}: {
  slug: string;
  entityTypes: { name: string; hotkey: string; color: string }[];
  itemLabels?: { name: string; hotkey: string | null }[];
  texts: string[];
  members: Partial<Record<Person, ProjectRole>>;
  spans?: { characterLevel: boolean; allowOverlap: boolean };
}) {
  const project = await seedProject({ slug, taskType: "spans", labels: [...entityTypes, ...itemLabels], texts, members });
  const db = await getDb();
  await db
    .update(labels)
    .set({ kind: "entity" })
    .where(and(eq(labels.projectId, project.id), inArray(labels.name, entityTypes.map((t) => t.name))));
  await db
    .update(projects)
    .set({ settings: { ...project.settings, spans: { ...spans, majority: 0.5 } } })
    .where(eq(projects.id, project.id));
  return project;
}

/** The spans of every annotation of the project, oldest first (test-side read of the stored column). */
export async function storedSpans(slug: string) {
  const db = await getDb();
  const project = (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).limit(1))[0]!;
  return await db
    .select({ itemId: annotations.itemId, spans: annotations.spans })
    .from(annotations)
    .where(eq(annotations.projectId, project.id))
    .orderBy(annotations.createdAt);
}
