// The data browser's filters as SQL conditions on `items` (joined to item_resolutions), ANDed:
// the page and the count (item-browser.ts) and a bulk action's targets (bulk-item-targets.ts)
// all ask the same question. Every status is derived from what the app already keeps:
//   open        items.open (the item still needs labels to reach its overlap)
//   labelled    not items.open (it has the labels it needs)
//   in_review   item_resolutions.review_need > 0 (the review queue's own test, db/queries/review.ts)
//   not_sure    item_resolutions.not_sure > 0 (an annotation in force says "not sure")
//   skipped     a skip nobody undid
//   <method>    item_resolutions.method, the method the item's final label was resolved by
import "server-only";
import { and, asc, eq, gt, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { annotations, exportSnapshotRecords, itemResolutions, itemScores, items, skips, suggestions, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import { itemTextOrNotesMatch, jsonArrayElements, jsonNumber, jsonText, oneOfIds, textOrNotesMatchAmong, textOrNotesMatchIds, withoutIndex } from "../dialect/sql";
import { filterDrivers, smallestDriverIds } from "./item-view-drivers";
import { inForce } from "./current-annotations";
import { excludedFromExports } from "./item-exclusions";
import { projectLabelNames } from "./label-names";
import { liveClassifierVersion, liveRanking, queueRankColumn } from "./live-ranking";
import type { LabelNames } from "@/lib/projects/label-names";
import type { HumanVerdict, ItemStatus, ItemView, Range, SuggestionSourceFilter } from "@/lib/browse/item-view";

/**
 * What a view's conditions read besides the view: the label names in force, the live queue order,
 * and when an index shows they are few, the items the view can match, listed before the page:
 * - `searchMatches`: the ids of the items the search finds, when at most SEARCH_LIST_CAP (null when
 *   more, or no search);
 * - `driverIds`: the ids the smallest of the filters' index lists holds (item-view-drivers.ts),
 *   when at most DRIVER_CAP: every item the view matches is among them;
 * - `filterMatches`: instead of that, for a view sorted by agreement whose search finds more than
 *   SEARCH_LIST_CAP, the ids of the items every filter and the search match, found among such a
 *   list, when at most FILTER_LIST_CAP.
 * Each is null when it does not apply; the view is then walked in its order.
 */
export type ViewContext = {
  names: LabelNames;
  queueRank: ReturnType<typeof queueRankColumn>;
  searchMatches: number[] | null;
  driverIds: number[] | null;
  filterMatches: number[] | null;
};

/**
 * A search finding at most this many items is answered from the list of their ids, the rows
 * fetched by id and sorted (a rare word: PostgreSQL's planner, taking matches to be spread over
 * the project, otherwise walked all of its items in id order to fill a page from matches that sat
 * at the end, 0.7 s at 1,000,000 items). More matches than this are dense enough that the walk in
 * id order fills a page early, and the search stays a condition on each item.
 */
export const SEARCH_LIST_CAP = 2000;

/**
 * Sorted by agreement, a search finding many items, with filters that pass at most this many of a
 * driver's items, is tested on those alone (each a seek in the search index). More than this, and
 * the view is walked in its order: its filters match enough items for a page to fill early, and
 * the search stays a condition on each row (a seek per row costs tens of microseconds on SQLite).
 */
export const FILTER_LIST_CAP = 2000;

export async function viewContext({ db, projectId, view }: { db: Executor; projectId: string; view: ItemView }): Promise<ViewContext> {
  const live = await liveRanking({ db, projectId });
  const context: ViewContext = {
    names: await projectLabelNames({ db, projectId }),
    queueRank: queueRankColumn(live?.slot ?? 0),
    searchMatches: view.search ? await fewSearchMatches(db, view.search) : null,
    driverIds: null,
    filterMatches: null,
  };
  if (view.search && context.searchMatches !== null) return context;
  const queueTop = view.queueTop !== undefined ? queueTopIds(projectId, view.queueTop, context) : undefined;
  const driverIds = await smallestDriverIds(db, filterDrivers(projectId, view, queueTop, context.names.storedNamesOf));
  if (driverIds === null) return context;
  // The page by id reads the list in order, testing the search too (item-browser.ts); by
  // agreement it needs every match at once, so the search is tested on the few that pass the filters.
  if (!view.search || view.sort !== "agreement") return { ...context, driverIds };
  return { ...context, filterMatches: await fewFilterMatches(db, projectId, { ...view, search: view.search }, context, driverIds) };
}

/** The ids of the items the search finds (of any project; the view's conditions keep the project's), or null when more than SEARCH_LIST_CAP. */
async function fewSearchMatches(db: Executor, search: string): Promise<number[] | null> {
  const matches = textOrNotesMatchIds(search);
  if (!matches) return [];
  const rows = await db
    .select({ id: sql<number>`matched.id` })
    .from(sql`(${matches}) matched`)
    .limit(SEARCH_LIST_CAP + 1);
  const ids = [...new Set(rows.map((row) => Number(row.id)))];
  return rows.length > SEARCH_LIST_CAP ? null : ids;
}

/**
 * The ids of the items the view (search included) matches, when at most FILTER_LIST_CAP of the
 * driver's items pass its other filters; null when more do. The search is tested last, on those
 * few items only.
 */
async function fewFilterMatches(db: Executor, projectId: string, view: ItemView & { search: string }, context: ViewContext, driverIds: number[]): Promise<number[] | null> {
  const passing = await passingFilters({ db, projectId, view, context, ids: driverIds, limit: FILTER_LIST_CAP + 1 });
  return passing.length > FILTER_LIST_CAP ? null : await searchAmong(db, view.search, passing);
}

/** Those of `ids` (at most `limit`) that pass the view's filters other than its search. */
export async function passingFilters({ db, projectId, view, context, ids, limit }: { db: Executor; projectId: string; view: ItemView; context: ViewContext; ids: number[]; limit?: number }): Promise<number[]> {
  if (ids.length === 0) return [];
  const query = db
    .select({ id: items.id })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    .where(and(oneOfIds(items.id, ids), viewConditions(projectId, { ...view, search: undefined }, { ...context, driverIds: null, filterMatches: null }, withoutIndex(items.projectId))));
  return (await (limit === undefined ? query : query.limit(limit))).map((row) => row.id);
}

/** Those of `ids` whose text or notes match the search, each once. */
export async function searchAmong(db: Executor, search: string, ids: number[]): Promise<number[]> {
  const among = textOrNotesMatchAmong(search, ids);
  if (!among) return [];
  const matched = await db.select({ id: sql<number>`matched.id` }).from(sql`(${among}) matched`);
  return [...new Set(matched.map((row) => Number(row.id)))];
}

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
export function viewConditions(projectId: string, view: ItemView, context: ViewContext, projectColumn: SQL | typeof items.projectId = items.projectId): SQL | undefined {
  // A filter on a label matches every stored name that reads as it (old names of renames, merged labels).
  const storedNames = (label: string) => sql.join(context.names.storedNamesOf(label).map((name) => sql`${name}`), sql`, `);
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
    // The listed items already passed the search (fewFilterMatches); the filters are tested again,
    // which on so few rows costs little and keeps each condition in one place.
    context.filterMatches !== null ? listed(context.filterMatches) : view.search ? searchCondition(view.search, context) : undefined,
    // A superset of the view's matches, read from a filter's index: the rows are looked up by id.
    context.driverIds !== null ? (context.driverIds.length > 0 ? oneOfIds(items.id, context.driverIds) : sql`0 = 1`) : undefined,
    exclusionCondition(view),
    view.agreement ? within(itemResolutions.agreement, view.agreement) : undefined,
    view.suggestionSource ? sql`exists (select 1 from ${suggestions} where ${suggestions.itemId} = ${items.id} and ${suggestions.sourceKind} = ${view.suggestionSource} and ${suggestions.status} = 'ok')` : undefined,
    view.humans ? humansCondition(projectId, view.humans, view.suggestionSource) : undefined,
    view.uncertainty ? uncertaintyCondition(projectId, view.uncertainty) : undefined,
    view.queueTop !== undefined ? queueTopCondition(projectId, view.queueTop, context) : undefined,
    view.snapshot !== undefined ? snapshotCondition(view.snapshot, view.split) : undefined,
    ...(view.metadata ?? []).map((m) => sql`${jsonText(items.metadata, m.path)} = ${m.value}`),
  );
}

function searchCondition(search: string, context: ViewContext): SQL {
  if (context.searchMatches === null) return itemTextOrNotesMatch(items, search);
  return listed(context.searchMatches);
}

/** The item is one of `ids` (none when empty). */
const listed = (ids: number[]): SQL => (ids.length > 0 ? inArray(items.id, ids) : sql`0 = 1`);

function exclusionCondition(view: ItemView): SQL | undefined {
  if (view.excluded === undefined) return undefined;
  return view.excluded ? excludedFromExports(items.id) : sql`not ${excludedFromExports(items.id)}`;
}

/** value in [min, max]; a null value is in no range. */
function within(value: SQLWrapper, range: Range): SQL | undefined {
  return and(sql`${value} is not null`, range.min !== undefined ? sql`${value} >= ${range.min}` : undefined, range.max !== undefined ? sql`${value} <= ${range.max}` : undefined);
}

/**
 * The annotations in force that answered a suggestion (of `source`, when given): "agreed" when at
 * least one did and every one accepted it, "disagreed" when at least one changed or rejected it.
 * An annotator's "not sure" neither takes nor refuses a suggestion, so it counts for neither.
 */
function humansCondition(projectId: string, verdict: HumanVerdict, source: SuggestionSourceFilter | undefined): SQL {
  // The project's own condition lets PostgreSQL start from the answered annotations' index
  // (annotations_suggestion_action_idx) rather than read every annotation. SQLite, which has no
  // statistics, would probe that index for every item instead of the item's own annotations
  // (5 s at 1,000,000 items), so there the condition is kept from choosing an index.
  const answered = (alias: string, actions: SQL) =>
    sql`exists (select 1 from ${annotations} ${sql.identifier(alias)} where ${sql.identifier(alias)}.item_id = ${items.id} and ${withoutIndex(sql`${sql.identifier(alias)}.project_id`)} = ${projectId} and ${liveLabel(alias)} and ${sql.identifier(alias)}.suggestion_action in (${actions})${
      source
        ? sql` and exists (select 1 from ${suggestions} answered_s where answered_s.id = ${sql.identifier(alias)}.suggestion_id and answered_s.source_kind = ${source})`
        : sql``
    })`;
  const overruled = answered("overruled_a", sql`'changed', 'rejected'`);
  return verdict === "disagreed" ? overruled : sql`${answered("accepted_a", sql`'accepted'`)} and not ${overruled}`;
}

/** The live classifier version's uncertainty about the item, as its ranking recorded it (item_scores.reason). */
function uncertaintyCondition(projectId: string, range: Range): SQL {
  const uncertainty = jsonNumber(itemScores.reason, ["uncertainty"]);
  return sql`exists (select 1 from ${itemScores} where ${itemScores.itemId} = ${items.id} and ${itemScores.classifierVersion} = ${liveClassifierVersion(projectId)} and ${within(uncertainty, range)})`;
}

/**
 * The first `top` open items in the order the queue serves them (the live rank column, then id,
 * as db/queries/ranking.ts counts a queue position), read through the queue's own index. The
 * inner `items` is the subquery's own: its columns bind there, the left-hand `items.id` outside.
 */
function queueTopCondition(projectId: string, top: number, context: ViewContext): SQL {
  return sql`${items.id} in (${queueTopIds(projectId, top, context)})`;
}

/** A select of the `id` of the first `top` open items in queue order. */
function queueTopIds(projectId: string, top: number, context: ViewContext): SQL {
  const rank = context.queueRank;
  const firstOpen = sql`select ${items.id} from ${items} where ${items.projectId} = ${projectId} and ${eq(items.open, true)} order by ${asc(rank)}, ${asc(items.id)} limit ${top}`;
  return sql`select queue_top.id from (${firstOpen}) queue_top`;
}

function snapshotCondition(snapshotId: number, split: string | undefined): SQL {
  return sql`exists (select 1 from ${exportSnapshotRecords} where ${exportSnapshotRecords.snapshotId} = ${snapshotId} and ${exportSnapshotRecords.itemId} = ${items.id}${
    split ? sql` and ${jsonText(exportSnapshotRecords.record, ["split"])} = ${split}` : sql``
  })`;
}
