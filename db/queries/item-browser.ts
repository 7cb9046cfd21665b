// The data browser's queries: a page of a project's items under a view (lib/browse/item-view.ts)
// with keyset pagination, and apart from it a capped count of the items the view matches. The
// view's filters are SQL conditions of their own (item-view-conditions.ts).
import "server-only";
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { importBatches, itemResolutions, items, skips, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import { withoutIndex } from "../dialect/sql";
import { excludedFromExports } from "./item-exclusions";
import { viewConditions, viewContext } from "./item-view-conditions";
import { COUNT_CAP, PAGE_SIZE, type ItemCursor, type ItemView } from "@/lib/browse/item-view";

export type BrowsedItem = {
  id: number;
  externalId: string;
  /** The first EXCERPT_CHARS characters of the text. */
  excerpt: string;
  open: boolean;
  /** Annotators holding a label in force on the item. */
  annotations: number;
  method: ResolutionMethod | null;
  finalLabels: string[];
  agreement: number | null;
  inReview: boolean;
  notSure: boolean;
  skipped: boolean;
  /** An exclusion from exports is in force (db/queries/item-exclusions.ts). */
  excluded: boolean;
};

export type ItemPage = {
  items: BrowsedItem[];
  /** Where the next page starts, or null on the last page. */
  next: ItemCursor | null;
};

/** How many items match, up to COUNT_CAP; `more` when there are more than that. */
export type ItemCount = { n: number; more: boolean };

const EXCERPT_CHARS = 200;
/** The agreement sort key of an item with no resolution (agreement is a fraction, at most 1): last. */
const NO_AGREEMENT = 2;

const agreementKey = sql<number>`coalesce(${itemResolutions.agreement}, ${NO_AGREEMENT})`;

/** The sort: its ORDER BY, the condition of rows after a cursor, and a row's cursor key. */
function sortOf(view: ItemView) {
  const after = view.after;
  switch (view.sort) {
    case "-id":
      return { orderBy: [desc(items.id)], after: after ? lt(items.id, after.id) : undefined, key: (row: { id: number }) => row.id };
    case "agreement":
      return {
        orderBy: [asc(agreementKey), asc(items.id)],
        // A row value comparison (SQLite 3.15+, PostgreSQL): ties in agreement continue by id.
        after: after ? sql`(${agreementKey}, ${items.id}) > (${after.key}, ${after.id})` : undefined,
        key: (row: { agreement: number | null }) => row.agreement ?? NO_AGREEMENT,
      };
    default:
      return { orderBy: [asc(items.id)], after: after ? gt(items.id, after.id) : undefined, key: (row: { id: number }) => row.id };
  }
}

/**
 * One page of the view. The page walks items in the sort's order and stops at `limit`, so it
 * costs the same on a project of any size when matches are common; no count is taken here (see
 * countItems), so a slow count never holds the rows back.
 */
export async function browseItems({ db, projectId, view, limit = PAGE_SIZE }: { db: Executor; projectId: string; view: ItemView; limit?: number }): Promise<ItemPage> {
  // Kept from the (project_id, …) indexes on SQLite, whose planner would otherwise read every
  // item of the project through one of them and sort them all by id before taking a page; the
  // primary key already walks them in id order.
  const context = await viewContext({ db, projectId });
  const names = context.names;
  const where = viewConditions(projectId, view, context, withoutIndex(items.projectId));
  const sort = sortOf(view);
  const rows = await db
    .select({
      id: items.id,
      externalId: items.externalId,
      excerpt: sql<string>`substr(${items.text}, 1, ${sql.raw(String(EXCERPT_CHARS))})`,
      open: items.open,
      annotations: items.labelledBy,
      method: itemResolutions.method,
      finalLabels: itemResolutions.labels,
      agreement: itemResolutions.agreement,
      reviewNeed: itemResolutions.reviewNeed,
      notSure: itemResolutions.notSure,
      skipped: sql<unknown>`exists (select 1 from ${skips} where ${skips.itemId} = ${items.id} and ${skips.undoneAt} is null)`,
      excluded: sql<unknown>`${excludedFromExports(items.id)}`,
    })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    .where(and(where, sort.after))
    .orderBy(...sort.orderBy)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      externalId: r.externalId,
      excerpt: r.excerpt,
      open: r.open,
      annotations: r.annotations,
      method: r.method,
      // Stored resolutions are recomputed after a rename or merge; until then they read through the aliases too.
      finalLabels: names.readAll(r.finalLabels ?? []),
      agreement: r.agreement,
      inReview: (r.reviewNeed ?? 0) > 0,
      notSure: (r.notSure ?? 0) > 0,
      // SQLite answers exists() with 0/1, PostgreSQL with a boolean.
      skipped: r.skipped === true || r.skipped === 1,
      excluded: r.excluded === true || r.excluded === 1,
    })),
    next: rows.length > limit && last ? { key: sort.key(last), id: last.id } : null,
  };
}

/**
 * How many items the view matches, reading matching rows only up to one past COUNT_CAP, never the
 * whole project when matches are common. A rare filter still reads every item it must test, which
 * is why the browser asks for the count apart from the page.
 */
export async function countItems({ db, projectId, view }: { db: Executor; projectId: string; view: ItemView }): Promise<ItemCount> {
  const capped = db
    .select({ one: sql`1` })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    .where(viewConditions(projectId, view, await viewContext({ db, projectId })))
    .limit(COUNT_CAP + 1)
    .as("capped");
  const n = Number((await db.select({ n: sql<number>`count(*)` }).from(capped))[0]?.n ?? 0);
  return { n: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
}

export type ImportBatchOption = { id: number; fileName: string; inserted: number; createdAt: Date };

/** The project's item import batches, newest first, for the browser's batch filter. */
export async function listItemImportBatches({ db, projectId }: { db: Executor; projectId: string }): Promise<ImportBatchOption[]> {
  return db
    .select({ id: importBatches.id, fileName: importBatches.fileName, inserted: importBatches.inserted, createdAt: importBatches.createdAt })
    .from(importBatches)
    .where(and(eq(importBatches.projectId, projectId), eq(importBatches.kind, "items")))
    .orderBy(desc(importBatches.id));
}
