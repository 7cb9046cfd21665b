// Seeding a spans project and its suggestions for the specs, and reading back the stored spans.
// db/queries has no writer for span suggestions other than the LLM job, nor a reader of the spans
// column for tests, so those two go straight to the e2e database here (test-side only).
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { annotations, projects, suggestions, type StoredSpan } from "@/db/schema";
import { getItem, projectItemWindows } from "@/db/queries/items";
import { listLabels } from "@/db/queries/projects";
import { seedProject, setSuggestionSettings } from "./database";
import type { Person } from "./people";
import type { ProjectRole } from "@/db/schema";

export async function seedSpansProject({
  slug,
  entityTypes,
  itemLabels = [],
  texts,
  members,
}: {
  slug: string;
  entityTypes: { name: string; hotkey: string; color: string }[];
  itemLabels?: { name: string; hotkey: string | null }[];
  texts: string[];
  members: Partial<Record<Person, ProjectRole>>;
}) {
  return await seedProject({
    slug,
    taskType: "spans",
    labels: [...entityTypes.map((t) => ({ ...t, kind: "entity" as const })), ...itemLabels.map((l) => ({ ...l, kind: "item" as const }))],
    texts,
    members,
  });
}

/** An imported span suggestion for the item with this external id, shown to every annotator (no anchoring control). */
export async function seedSpanSuggestion(slug: string, externalId: string, spans: StoredSpan[]) {
  const db = await getDb();
  const project = (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).limit(1))[0]!;
  let itemId: number | null = null;
  for await (const { fromId, toId } of projectItemWindows({ db, projectId: project.id, width: 1000 })) {
    for (let id = fromId; id <= toId && itemId === null; id++) {
      if ((await getItem({ db, projectId: project.id, itemId: id }))?.externalId === externalId) itemId = id;
    }
  }
  await setSuggestionSettings(slug, { llmSuggestions: true, anchoringShare: 0 });
  await db.insert(suggestions).values({ projectId: project.id, itemId: itemId!, sourceKind: "import", modelName: "seed-ner", modelVersion: "1", labels: [], spans, status: "ok" });
}

/** The spans of every annotation of the project, oldest first. */
export async function storedSpans(slug: string) {
  const db = await getDb();
  const project = (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).limit(1))[0]!;
  return await db
    .select({ itemId: annotations.itemId, spans: annotations.spans, suggestionAction: annotations.suggestionAction, spanOutcomes: annotations.spanOutcomes })
    .from(annotations)
    .where(eq(annotations.projectId, project.id))
    .orderBy(annotations.createdAt);
}

/** The project's labels with their kind, as the annotate page reads them. */
export async function labelsOf(slug: string) {
  const db = await getDb();
  const project = (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).limit(1))[0]!;
  return await listLabels({ db, projectId: project.id });
}
