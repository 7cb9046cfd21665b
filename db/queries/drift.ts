// What drift per import batch reads (lib/drift): the project's items a window of ids at a time,
// each with its batch and its resolved labels, and the batches' names and dates. The walk is by id
// window (projectItemWindows), so each read is bounded whatever the project's size.
import "server-only";
import { and, asc, between, eq, sql } from "drizzle-orm";
import { withoutIndex } from "../dialect/sql";
import { importBatches, itemResolutions, items } from "../schema";
import type { Executor } from "../index";
import type { DriftItem } from "@/lib/drift/batch-drift";

/** The project's items with ids in [fromId, toId], as drift reads them. */
export async function driftItemsInWindow({ db, projectId, fromId, toId }: { db: Executor; projectId: string; fromId: number; toId: number }): Promise<DriftItem[]> {
  const rows = await db
    .select({ batchId: items.importBatchId, text: items.text, method: itemResolutions.method, labels: itemResolutions.labels })
    .from(items)
    .leftJoin(itemResolutions, eq(itemResolutions.itemId, items.id))
    // The id range drives the plan: on the project's own indexes SQLite would walk every item of
    // the project for each window (measured: 50 to 100 ms per 250-item window at 100,000 items).
    .where(and(sql`${withoutIndex(items.projectId)} = ${projectId}`, between(items.id, fromId, toId)))
    .orderBy(asc(items.id));
  return rows.map((r) => ({
    batchId: r.batchId,
    text: r.text,
    // "unresolved" (no vote counted yet, or a tie) is not part of the labelled pool.
    resolvedLabels: r.method === null || r.method === "unresolved" ? null : (r.labels ?? []),
  }));
}

export type DriftBatchInfo = { id: number; fileName: string; format: string; createdAt: Date };

/** The project's item batches, oldest first: the rows of the drift table. */
export async function driftBatches({ db, projectId }: { db: Executor; projectId: string }): Promise<DriftBatchInfo[]> {
  return db
    .select({ id: importBatches.id, fileName: importBatches.fileName, format: importBatches.format, createdAt: importBatches.createdAt })
    .from(importBatches)
    .where(and(eq(importBatches.projectId, projectId), eq(importBatches.kind, "items")))
    .orderBy(asc(importBatches.id));
}
