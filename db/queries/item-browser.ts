// The data browser's queries: a page of a project's items under a view (lib/browse/item-view.ts)
// with keyset pagination, and apart from it a capped count of the items the view matches. Every status is
// derived from what the app already keeps:
//   open        items.open (the item still needs labels to reach its overlap)
//   labelled    not items.open (it has the labels it needs)
//   in_review   item_resolutions.review_need > 0 (the review queue's own test, db/queries/review.ts)
//   not_sure    item_resolutions.not_sure > 0 (an annotation in force says "not sure")
//   skipped     a skip nobody undid
//   <method>    item_resolutions.method, the method the item's final label was resolved by
import "server-only";
import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import { annotations, importBatches, itemResolutions, items, skips, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import { itemTextMatches, jsonArrayElements, withoutIndex } from "../dialect/sql";
import { inForce } from "./current-annotations";
import { excludedFromExports } from "./item-exclusions";
import { projectLabelNames } from "./label-names";
import type { LabelNames } from "@/lib/projects/label-names";
import { COUNT_CAP, PAGE_SIZE, type ItemCursor, type ItemStatus, type ItemView } from "@/lib/browse/item-view";

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

const liveLabel = (alias: string) => sql`${sql.identifier(alias)}.kind = 'label' and ${inForce(sql`${sql.identifier(alias)}.id`)}`;

const resolvedBy = (method: ResolutionMethod) => eq(itemResolutions.method, method);

const STATUS_CONDITIONS: Record<ItemStatus, () => SQL | undefined> = {
  open: () => eq(items.open, true),
  labelled: () => eq(items.open, false),
  in_review: () => gt(itemResolutions.reviewNeed, 0),
  not_sure: () => gt(itemResolutions.notSure, 0),
  skipped: () => sql`exists (select 1 from ${skips} where ${skips.itemId} = ${items.id} and ${skips.undoneAt} is null)`,
  adjudicated: () => resolvedBy("adjudicated"),
  unanimous: () => resolvedBy("unanimous"),
  single: () => resolvedBy("single"),
  majority: () => resolvedBy("majority"),
  "dawid-skene": () => resolvedBy("dawid-skene"),
  unresolved: () => resolvedBy("unresolved"),
};

/**
 * The conditions of a view's filters, ANDed; the cursor is not among them. `projectColumn` is
 * items.project_id, or the page's version of it that keeps SQLite walking items in id order.
 */
export function viewConditions(projectId: string, view: ItemView, names: LabelNames, projectColumn: SQL | typeof items.projectId = items.projectId): SQL | undefined {
  // A filter on a label matches every stored name that reads as it (old names of renames, merged labels).
  const storedNames = (label: string) => sql.join(names.storedNamesOf(label).map((name) => sql`${name}`), sql`, `);
  return and(
    sql`${projectColumn} = ${projectId}`,
    view.status ? STATUS_CONDITIONS[view.status]() : undefined,
    view.finalLabel ? sql`exists (select 1 from ${jsonArrayElements(itemResolutions.labels, "final_label")} where final_label.value in (${storedNames(view.finalLabel)}))` : undefined,
    view.anyLabel
      ? sql`exists (select 1 from ${annotations} any_a, ${jsonArrayElements(sql`any_a.labels`, "any_label")} where any_a.item_id = ${items.id} and ${liveLabel("any_a")} and any_label.value in (${storedNames(view.anyLabel)}))`
      : undefined,
    view.annotator
      ? sql`exists (select 1 from ${annotations} by_a where by_a.item_id = ${items.id} and by_a.annotator_id = ${view.annotator} and ${liveLabel("by_a")})`
      : undefined,
    view.batch !== undefined ? eq(items.importBatchId, view.batch) : undefined,
    view.search ? itemTextMatches(items, view.search) : undefined,
    exclusionCondition(view),
  );
}

function exclusionCondition(view: ItemView): SQL | undefined {
  if (view.excluded === undefined) return undefined;
  return view.excluded ? excludedFromExports(items.id) : sql`not ${excludedFromExports(items.id)}`;
}

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
  const names = await projectLabelNames({ db, projectId });
  const where = viewConditions(projectId, view, names, withoutIndex(items.projectId));
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
    .where(viewConditions(projectId, view, await projectLabelNames({ db, projectId })))
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
