// Each project's progress for the projects list, read from project_counts (kept by triggers and the
// import), so the list costs one row per project whatever the projects hold.
import "server-only";
import { inArray } from "drizzle-orm";
import { projectCounts } from "../schema";
import type { Executor } from "../index";

export type ProjectProgress = {
  items: number;
  /** Items no longer open: they hold as many labels as the overlap (plus any extra a reviewer asked for). */
  labelled: number;
};

export async function projectProgress({ db, projectIds }: { db: Executor; projectIds: readonly string[] }): Promise<Map<string, ProjectProgress>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .select({ projectId: projectCounts.projectId, items: projectCounts.items, openItems: projectCounts.openItems })
    .from(projectCounts)
    .where(inArray(projectCounts.projectId, [...projectIds]));
  return new Map(rows.map((row) => [row.projectId, { items: row.items, labelled: row.items - row.openItems }]));
}
