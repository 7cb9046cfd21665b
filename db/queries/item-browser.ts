// The data browser's queries: a page of a project's items under a view (lib/browse/item-view.ts)
// with keyset pagination, and apart from it a capped count of the items the view matches. The
// view's filters are SQL conditions of their own (item-view-conditions.ts).
import "server-only";
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { importBatches, itemResolutions, items, skips, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import { itemNotesMatch, oneOfIds, textMatchesInIdOrder, withoutIndex } from "../dialect/sql";
import { excludedFromExports } from "./item-exclusions";
import { passingFilters, searchAmong, viewConditions, viewContext, type ViewContext } from "./item-view-conditions";
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
/** The agreement sort key of an item with no agreement (agreement is a fraction, at most 1): last. */
const NO_AGREEMENT = 2;

/**
 * A page of rows in one order: the rows' where and ORDER BY, and what they are read from: items,
 * the resolutions (for the agreement order), or a search's text matches (textMatchesInIdOrder).
 */
type RowWalk = { where: SQL | undefined; orderBy: SQL[]; from: "items" | "resolutions" | { textMatches: NonNullable<ReturnType<typeof textMatchesInIdOrder>> } };

/**
 * The walks a page takes, in order, each until the page is full. By id (either way) it is one walk
 * of the primary key. By agreement it is two: the items with an agreement along the resolutions'
 * (project, agreement, item) index, then those with none by id, so neither sorts the project's
 * million items to find the first page (a coalesce(agreement, 2) key did, taking 0.5–1.9 s).
 */
function walksOf(projectId: string, view: ItemView, context: ViewContext, where: SQL | undefined): RowWalk[] {
  const after = view.after;
  // A view's few matches, listed (a search's, a filter index's), are fetched by id and sorted; kept
  // from walking the primary key, which PostgreSQL would otherwise walk in order to fill the page
  // (see SEARCH_LIST_CAP).
  const listed = listsItsMatches(context);
  const id = listed ? sql`(${items.id} + 0)` : items.id;
  // Likewise the agreement index, which PostgreSQL would walk from its start testing each row.
  const agreement = listed ? sql`(${itemResolutions.agreement} + 0)` : itemResolutions.agreement;
  const resolvedId = listed ? sql`(${itemResolutions.itemId} + 0)` : itemResolutions.itemId;
  switch (view.sort) {
    case "-id":
      return [{ where: and(where, after ? lt(items.id, after.id) : undefined), orderBy: [desc(id)], from: "items" }];
    case "agreement": {
      const withAgreement: RowWalk = {
        // A row value comparison (SQLite 3.15+, PostgreSQL): ties in agreement continue by id.
        where: and(where, eq(itemResolutions.projectId, projectId), isNotNull(itemResolutions.agreement), after ? sql`(${itemResolutions.agreement}, ${itemResolutions.itemId}) > (${after.key}, ${after.id})` : undefined),
        orderBy: [asc(agreement), asc(resolvedId)],
        from: "resolutions",
      };
      const withoutAgreement: RowWalk = {
        where: and(where, isNull(itemResolutions.agreement), after && after.key >= NO_AGREEMENT ? gt(items.id, after.id) : undefined),
        orderBy: [asc(id)],
        from: "items",
      };
      return after && after.key >= NO_AGREEMENT ? [withoutAgreement] : [withAgreement, withoutAgreement];
    }
    default:
      return [{ where: and(where, after ? gt(items.id, after.id) : undefined), orderBy: [asc(id)], from: "items" }];
  }
}

/** Up to `limit` rows from the walks, each taken until the page is full. */
async function walkedPage(db: Executor, walks: RowWalk[], limit: number): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const walk of walks) {
    rows.push(...(await pageRows(db, walk, limit - rows.length)));
    if (rows.length >= limit) break;
  }
  return rows;
}

/**
 * A page of a search finding many items, in id order either way, where the engine streams text
 * matches in that order: the items whose text matches, read from the stream, merged with those
 * whose notes match (read by id, notes being few beside texts), each item once.
 */
async function searchPageInIdOrder(
  db: Executor,
  projectId: string,
  view: ItemView,
  context: ViewContext,
  stream: NonNullable<ReturnType<typeof textMatchesInIdOrder>>,
  limit: number,
): Promise<PageRow[]> {
  const descending = view.sort === "-id";
  const filters = viewConditions(projectId, { ...view, search: undefined }, context, withoutIndex(items.projectId));
  const after = view.after ? (descending ? lt(items.id, view.after.id) : gt(items.id, view.after.id)) : undefined;
  const order = descending ? desc : asc;
  const [byText, byNote] = [
    await pageRows(db, { where: and(filters, after, stream.matches), orderBy: [order(stream.itemId)], from: { textMatches: stream } }, limit),
    await pageRows(db, { where: and(filters, after, itemNotesMatch(items, view.search!)), orderBy: [order(items.id)], from: "items" }, limit),
  ];
  const merged = new Map<number, PageRow>();
  for (const row of [...byText, ...byNote]) merged.set(row.id, row);
  return [...merged.values()].sort((a, b) => (descending ? b.id - a.id : a.id - b.id)).slice(0, limit);
}

/**
 * A page of a view whose items a filter's index listed (`ids`, in any order), by id either way:
 * the ids past the cursor are taken in the page's order in chunks that double, each looked up by id
 * and tested against the view's filters, then its search on those that pass, until the page is
 * full. A filter most of whose items pass fills the page from the first chunk; one whose items
 * mostly fail reads further, never past the list (DRIVER_CAP).
 */
async function driverListPage(db: Executor, projectId: string, view: ItemView, context: ViewContext, ids: number[], limit: number): Promise<PageRow[]> {
  const descending = view.sort === "-id";
  const after = view.after?.id;
  const ordered = ids.filter((id) => after === undefined || (descending ? id < after : id > after)).sort((a, b) => (descending ? b - a : a - b));
  const order = descending ? desc : asc;
  const orderBy = [order(sql`(${items.id} + 0)`)];
  // Without a search, one query per chunk tests the filters and fetches the page's rows; with one,
  // the search is tested between the two, on the chunk's items that pass the filters.
  const filters = view.search ? undefined : viewConditions(projectId, view, { ...context, driverIds: null, filterMatches: null }, withoutIndex(items.projectId));
  const rows: PageRow[] = [];
  for (let start = 0, size = 4 * limit; start < ordered.length && rows.length < limit; start += size, size *= 2) {
    const chunk = ordered.slice(start, start + size);
    if (!view.search) {
      rows.push(...(await pageRows(db, { where: and(filters, oneOfIds(items.id, chunk)), orderBy, from: "items" }, limit - rows.length)));
      continue;
    }
    const matching = await searchAmong(db, view.search, await passingFilters({ db, projectId, view, context, ids: chunk }));
    if (matching.length === 0) continue;
    rows.push(...(await pageRows(db, { where: oneOfIds(items.id, matching), orderBy, from: "items" }, limit - rows.length)));
  }
  return rows;
}

/** The view's matches were listed before the page (item-view-conditions.ts), as they were few. */
const listsItsMatches = (context: ViewContext) => context.searchMatches !== null || context.filterMatches !== null || context.driverIds !== null;

/** A row's cursor key under the view's sort. */
const cursorKey = (view: ItemView, row: { id: number; agreement: number | null }) => (view.sort === "agreement" ? (row.agreement ?? NO_AGREEMENT) : row.id);

/**
 * One page of the view. The page walks items in the sort's order and stops at `limit`, so it
 * costs the same on a project of any size when matches are common; no count is taken here (see
 * countItems), so a slow count never holds the rows back.
 */
export async function browseItems({ db, projectId, view, limit = PAGE_SIZE }: { db: Executor; projectId: string; view: ItemView; limit?: number }): Promise<ItemPage> {
  // Kept from the (project_id, …) indexes on SQLite, whose planner would otherwise read every
  // item of the project through one of them and sort them all by id before taking a page; the
  // primary key already walks them in id order.
  const context = await viewContext({ db, projectId, view });
  const names = context.names;
  const stream = view.search && !listsItsMatches(context) && view.sort !== "agreement" ? textMatchesInIdOrder(view.search) : null;
  const rows = stream
    ? await searchPageInIdOrder(db, projectId, view, context, stream, limit + 1)
    : context.driverIds !== null && view.sort !== "agreement"
      ? await driverListPage(db, projectId, view, context, context.driverIds, limit + 1)
      : await walkedPage(db, walksOf(projectId, view, context, viewConditions(projectId, view, context, withoutIndex(items.projectId))), limit + 1);
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
    next: rows.length > limit && last ? { key: cursorKey(view, last), id: last.id } : null,
  };
}

type PageRow = {
  id: number;
  externalId: string;
  excerpt: string;
  open: boolean;
  annotations: number;
  method: ResolutionMethod | null;
  finalLabels: string[] | null;
  agreement: number | null;
  reviewNeed: number | null;
  notSure: number | null;
  skipped: unknown;
  excluded: unknown;
};

/** Up to `limit` rows of one walk, with what the browser shows of each item. */
async function pageRows(db: Executor, walk: RowWalk, limit: number): Promise<PageRow[]> {
  const columns = {
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
  };
  // The agreement walk starts from the resolutions (their index gives its order), a search's
  // stream from its text matches; the others from items.
  const from = walk.from;
  const joined =
    from === "resolutions"
      ? db.select(columns).from(itemResolutions).innerJoin(items, eq(items.id, itemResolutions.itemId))
      : from === "items"
        ? db.select(columns).from(items).leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
        : db
            .select(columns)
            .from(from.textMatches.source)
            .innerJoin(items, eq(items.id, from.textMatches.itemId))
            .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id));
  return await joined
    .where(walk.where)
    .orderBy(...walk.orderBy)
    .limit(limit);
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
    .where(viewConditions(projectId, view, await viewContext({ db, projectId, view })))
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
