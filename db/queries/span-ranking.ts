// What a spans project's queue model trains on: the entity types, every item (open or not) and the
// spans settled for resolved items (item_resolutions.spans). The computing is done in
// lib/active-learning/server/compute-span-retrain.ts; ranking-write.ts writes its results, as it
// does for the classifier.
import "server-only";
import { and, asc, eq, isNotNull, isNull, ne } from "drizzle-orm";
import { itemResolutions, items, labels, projects, type StoredSpan } from "../schema";
import type { Db } from "../index";
import { countLabelSubmissions } from "./agreement";
import { projectLabelNames } from "./label-names";

export type SpanRankingInputs = {
  settings: Record<string, unknown>;
  /** Entity types (labels of kind "entity" in force), in the project's label order. */
  types: string[];
  /** Every item of the project, by id. */
  items: { id: number; open: boolean }[];
  /** Items whose spans are settled (majority, adjudicated, ...), by id, span types read under today's names. */
  resolved: { itemId: number; spans: StoredSpan[] }[];
  labelSubmissions: number;
};

export async function spanRankingInputs({ db, projectId }: { db: Db; projectId: string }): Promise<SpanRankingInputs | undefined> {
  return await db.transaction(async (tx) => {
    const project = (await tx.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    if (!project) return undefined;
    const types = (
      await tx
        .select({ name: labels.name })
        .from(labels)
        .where(and(eq(labels.projectId, projectId), eq(labels.kind, "entity"), isNull(labels.retiredAt)))
        .orderBy(asc(labels.position), asc(labels.id))
    ).map((label) => label.name);
    const projectItems = await tx.select({ id: items.id, open: items.open }).from(items).where(eq(items.projectId, projectId)).orderBy(asc(items.id));
    const resolved = await tx
      .select({ itemId: itemResolutions.itemId, spans: itemResolutions.spans })
      .from(itemResolutions)
      .where(and(eq(itemResolutions.projectId, projectId), ne(itemResolutions.method, "unresolved"), isNotNull(itemResolutions.spans)))
      .orderBy(asc(itemResolutions.itemId));
    // Stored span types read as today's names (renames, merges: docs/decisions/0006).
    const names = await projectLabelNames({ db: tx, projectId });
    return {
      settings: project.settings,
      types,
      items: projectItems,
      resolved: resolved.map((row) => ({ itemId: row.itemId, spans: (row.spans ?? []).map((span) => ({ start: span.start, end: span.end, label: names.read(span.label) })) })),
      labelSubmissions: await countLabelSubmissions({ db: tx, projectId }),
    };
  });
}
