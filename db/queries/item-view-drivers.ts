// Which of a browser view's filters can list its items from an index, and the smallest such list.
// A page walks items in its order and stops after a page of matches; when the filters together
// match almost nothing (a search finding every item, with "skipped" and a final label no skipped
// item has), that walk reads the whole project, 0.3–1 s at 1,000,000 items. A filter whose index
// lists few items bounds the work instead: its items are read, the other filters tested on each
// (item-view-conditions.ts), and the page fetched from what is left (docs/decisions/0011).
import "server-only";
import { and, eq, gt, sql, type SQL } from "drizzle-orm";
import { annotations, exportSnapshotRecords, itemExclusions, itemFinalLabels, itemResolutions, items, RESOLUTION_METHODS, skips, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import type { ItemStatus, ItemView } from "@/lib/browse/item-view";

const isResolutionMethod = (status: ItemStatus): status is ResolutionMethod => (RESOLUTION_METHODS as readonly string[]).includes(status);

/**
 * A filter drives the view when its index lists at most this many rows. Reading and testing them
 * costs about as much as a page walked over a dense filter (tens of milliseconds at this size).
 */
export const DRIVER_CAP = 20_000;

/**
 * Subqueries of one column each (the `id` of items), one per filter of the view that an index
 * answers, each listing at least every project item that filter matches (more is fine, and an item
 * may repeat: the view's own conditions are tested on every row read). `queueTop` is the view's
 * queue-position subquery when it has one; `storedNamesOf` gives every stored name that reads as a
 * label (its old names and the labels merged into it).
 */
export function filterDrivers(projectId: string, view: ItemView, queueTop: SQL | undefined, storedNamesOf: (label: string) => string[]): SQL[] {
  const drivers: (SQL | undefined)[] = [
    // skips (project_id, user_id)
    view.status === "skipped" ? sql`select ${skips.itemId} as id from ${skips} where ${skips.projectId} = ${projectId} and ${skips.undoneAt} is null` : undefined,
    // item_resolutions (project_id, review_need)
    view.status === "in_review" ? sql`select ${itemResolutions.itemId} as id from ${itemResolutions} where ${and(eq(itemResolutions.projectId, projectId), gt(itemResolutions.reviewNeed, 0))}` : undefined,
    // item_resolutions (project_id, not_sure)
    view.status === "not_sure" ? sql`select ${itemResolutions.itemId} as id from ${itemResolutions} where ${and(eq(itemResolutions.projectId, projectId), gt(itemResolutions.notSure, 0))}` : undefined,
    // item_resolutions (project_id, method)
    view.status !== undefined && isResolutionMethod(view.status)
      ? sql`select ${itemResolutions.itemId} as id from ${itemResolutions} where ${and(eq(itemResolutions.projectId, projectId), eq(itemResolutions.method, view.status))}`
      : undefined,
    // items (project_id, open, …), the queue's index: a project nearly done has few open items
    view.status === "open" || view.status === "labelled"
      ? sql`select ${items.id} as id from ${items} where ${items.projectId} = ${projectId} and ${eq(items.open, view.status === "open")}`
      : undefined,
    // annotations (project_id, annotator_id, created_at): any of theirs, labels in force or not
    view.annotator ? sql`select ${annotations.itemId} as id from ${annotations} where ${annotations.projectId} = ${projectId} and ${annotations.annotatorId} = ${view.annotator}` : undefined,
    // items (import_batch_id)
    view.batch !== undefined ? sql`select ${items.id} as id from ${items} where ${items.importBatchId} = ${view.batch} and ${items.projectId} = ${projectId}` : undefined,
    // export_snapshot_records (snapshot_id, item_id)
    view.snapshot !== undefined ? sql`select ${exportSnapshotRecords.itemId} as id from ${exportSnapshotRecords} where ${exportSnapshotRecords.snapshotId} = ${view.snapshot}` : undefined,
    // item_exclusions (project_id, item_id): exclusions reverted or not
    view.excluded === true ? sql`select ${itemExclusions.itemId} as id from ${itemExclusions} where ${itemExclusions.projectId} = ${projectId}` : undefined,
    // item_final_labels (project_id, label, item_id), kept from item_resolutions.labels by triggers
    view.finalLabel
      ? sql`select ${itemFinalLabels.itemId} as id from ${itemFinalLabels} where ${itemFinalLabels.projectId} = ${projectId} and ${itemFinalLabels.label} in (${sql.join(
          storedNamesOf(view.finalLabel).map((name) => sql`${name}`),
          sql`, `,
        )})`
      : undefined,
    // item_resolutions (project_id, agreement, item_id)
    view.agreement
      ? sql`select ${itemResolutions.itemId} as id from ${itemResolutions} where ${itemResolutions.projectId} = ${projectId} and ${itemResolutions.agreement} is not null${
          view.agreement.min !== undefined ? sql` and ${itemResolutions.agreement} >= ${view.agreement.min}` : sql``
        }${view.agreement.max !== undefined ? sql` and ${itemResolutions.agreement} <= ${view.agreement.max}` : sql``}`
      : undefined,
    // annotations (project_id, suggestion_action): every answer of the kind the verdict needs
    view.humans
      ? sql`select ${annotations.itemId} as id from ${annotations} where ${annotations.projectId} = ${projectId} and ${annotations.suggestionAction} in (${
          view.humans === "agreed" ? sql`'accepted'` : sql`'changed', 'rejected'`
        })`
      : undefined,
    // the first `queueTop` open items, read along the queue's index
    queueTop !== undefined && view.queueTop !== undefined && view.queueTop <= DRIVER_CAP ? queueTop : undefined,
  ];
  return drivers.filter((driver): driver is SQL => driver !== undefined);
}

/**
 * The ids of the driver listing the fewest rows, when one lists at most DRIVER_CAP; null when none
 * does. Each is counted only up to one past the cap, so a filter matching most of the project costs
 * a few milliseconds of its index, never the whole of it; only the chosen one's ids are read (reading
 * 20,001 ids of a filter too big to drive cost 20–30 ms, counting them a few). The ids are passed
 * back as one parameter (oneOfIds), so the page is planned for that many rows.
 */
export async function smallestDriverIds(db: Executor, drivers: SQL[]): Promise<number[] | null> {
  let smallest: { driver: SQL; rows: number } | null = null;
  for (const driver of drivers) {
    const counted = await db.select({ n: sql<number>`count(*)` }).from(sql`(${driver} limit ${DRIVER_CAP + 1}) driver`);
    const rows = Number(counted[0]?.n ?? 0);
    if (rows <= DRIVER_CAP && (smallest === null || rows < smallest.rows)) smallest = { driver, rows };
  }
  if (smallest === null) return null;
  const listed = await db.select({ id: sql<number>`driver.id` }).from(sql`(${smallest.driver}) driver`);
  return [...new Set(listed.map((row) => Number(row.id)))];
}
