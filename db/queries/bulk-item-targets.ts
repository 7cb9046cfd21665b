// The items a bulk action works on (lib/bulk/server/bulk-items-job.ts): a selection checked
// against the project, or every item a browser view's filters match, walked by id in batches.
import "server-only";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { itemResolutions, items } from "../schema";
import type { Executor } from "../index";
import { withoutIndex } from "../dialect/sql";
import { viewConditions, viewContext } from "./item-view-conditions";
import type { ItemView } from "@/lib/browse/item-view";

/**
 * The ids of the items the view's filters match (its sort and page position play no part), in id
 * order after `afterId`, at most `limit`: a bulk action walks a filtered set of any size with it,
 * one batch at a time, never holding every id.
 */
export async function matchingItemIds({ db, projectId, view, afterId, limit }: { db: Executor; projectId: string; view: ItemView; afterId: number; limit: number }): Promise<number[]> {
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    .where(and(viewConditions(projectId, view, await viewContext({ db, projectId, view }), withoutIndex(items.projectId)), gt(items.id, afterId)))
    .orderBy(asc(items.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** How many items the view's filters match, uncapped: for a background job's progress, never for a page. */
export async function countAllMatchingItems({ db, projectId, view }: { db: Executor; projectId: string; view: ItemView }): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    .where(viewConditions(projectId, view, await viewContext({ db, projectId, view })));
  return Number(rows[0]?.n ?? 0);
}

/** Which of the given ids are items of the project, in id order: a selection sent by a browser is checked against it. */
export async function itemsOfProject({ db, projectId, itemIds }: { db: Executor; projectId: string; itemIds: readonly number[] }): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.projectId, projectId), inArray(items.id, [...itemIds])))
    .orderBy(asc(items.id));
  return rows.map((r) => r.id);
}
