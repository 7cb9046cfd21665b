// The project's labels and aliases in force, read into the name map every reader of stored label
// names goes through (lib/projects/label-names.ts, docs/decisions/0006-label-aliases.md).
import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { labelAliases, labels } from "../schema";
import type { Executor } from "../index";
import { labelNames, labelNamesAsOf, type LabelAlias, type LabelNames, type NamedLabel } from "@/lib/projects/label-names";

export type LabelAliasRecord = LabelAlias & { id: number };

export async function projectLabelsAndAliases({ db, projectId }: { db: Executor; projectId: string }): Promise<{ labels: NamedLabel[]; aliases: LabelAliasRecord[] }> {
  const named = await db.select({ id: labels.id, name: labels.name, retiredAt: labels.retiredAt }).from(labels).where(eq(labels.projectId, projectId));
  const aliases = await db
    .select({ id: labelAliases.id, name: labelAliases.name, labelId: labelAliases.labelId, kind: labelAliases.kind })
    .from(labelAliases)
    .where(and(eq(labelAliases.projectId, projectId), isNull(labelAliases.revertedAt)))
    .orderBy(labelAliases.id);
  return { labels: named, aliases };
}

/** How the project's stored label names read today. */
export async function projectLabelNames({ db, projectId }: { db: Executor; projectId: string }): Promise<LabelNames> {
  const { labels: named, aliases } = await projectLabelsAndAliases({ db, projectId });
  return labelNames(named, aliases);
}

/** The project's label names as they were at `at`, in today's order (see labelNamesAsOf). */
export async function projectLabelNamesAsOf({ db, projectId, at }: { db: Executor; projectId: string; at: Date }): Promise<string[]> {
  const dated = await db
    .select({ id: labels.id, name: labels.name })
    .from(labels)
    .where(eq(labels.projectId, projectId))
    .orderBy(asc(labels.position), asc(labels.id));
  // Reverted or not: a rename happened at its time whatever came later.
  const renames = await db
    .select({ name: labelAliases.name, labelId: labelAliases.labelId, createdAt: labelAliases.createdAt })
    .from(labelAliases)
    .where(and(eq(labelAliases.projectId, projectId), eq(labelAliases.kind, "rename")));
  return labelNamesAsOf(dated, renames, at);
}
