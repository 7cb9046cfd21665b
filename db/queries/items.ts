import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { importBatches, items, projectCounts, projects } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { recordAudit } from "./audit";
import { replaceJobPayload, type JobPayload } from "./jobs";
import { LOOKUP_CHUNK } from "./lookup-chunks";
import { prepared } from "../prepared";
import { GoldsetError, type Problem } from "@/lib/errors";
import { emitWebhookEvent } from "./webhook-outbox";

// Rows per INSERT statement: 8 parameters each, far below SQLite's 32,766 and PostgreSQL's 65,535.
const ITEM_INSERT_CHUNK = 1000;

export type NewItem = { externalId: string; text: string; metadata: Record<string, unknown>; contentHash: string; line?: number };

export type ImportSummary = { batch: number | null; inserted: number; duplicates: number };


export type ItemImportInput = {
  projectId: string;
  fileName: string;
  format: string;
  records: readonly NewItem[];
  actorId: string | null;
};

/**
 * Inserts a whole parsed file in one transaction. An id already in the project with the same text
 * counts as a duplicate and is skipped; the same id with different text is an error, and then
 * nothing is inserted.
 */
export async function importItems({ db, ...input }: ItemImportInput & { db: Db }): Promise<ImportSummary> {
  return await db.transaction(async (tx) => await insertItems(tx, input));
}

/**
 * importItems for the job that stores a large upload (lib/import/server/item-import-job.ts): in the
 * same transaction the job's payload, which held the parsed items, becomes `settled(summary)`,
 * provided the job's runner still holds its lease. So the file is imported once even when the
 * job is taken over (a second attempt finds the summary instead of the items), and an attempt
 * whose lease passed to another runner imports nothing: null.
 */
export async function importItemsForJob({
  db,
  jobId,
  owner,
  settled,
  ...input
}: ItemImportInput & { db: Db; jobId: number; owner: string; settled: (summary: ImportSummary) => JobPayload }): Promise<ImportSummary | null> {
  try {
    return await db.transaction(async (tx) => {
      const summary = await insertItems(tx, input);
      if (!(await replaceJobPayload({ db: tx, jobId, owner, payload: settled(summary) }))) throw new LeaseLost();
      return summary;
    });
  } catch (error) {
    if (error instanceof LeaseLost) return null;
    throw error;
  }
}

class LeaseLost extends Error {}

/** The body of importItems, for imports that add items and more in one transaction. */
export async function insertItems(tx: Tx, { projectId, fileName, format, records, actorId }: ItemImportInput): Promise<ImportSummary> {
  if (records.length === 0) throw new GoldsetError("invalid_import", `${fileName}: the file holds no items.`);
  const existing = await existingHashes(tx, projectId, records);
  const fresh: NewItem[] = [];
  const conflicts: Problem[] = [];
  let duplicates = 0;
  for (const r of records) {
    const hash = existing.get(r.externalId);
    if (hash === undefined) fresh.push(r);
    else if (hash === r.contentHash) duplicates++;
    else
      conflicts.push({
        line: r.line,
        field: "id",
        message: `${r.line !== undefined ? `line ${r.line}: ` : ""}id "${r.externalId}" is already in the project with a different text; give the changed item a new id.`,
      });
  }
  if (conflicts.length > 0) {
    throw new GoldsetError("invalid_import", `${fileName}: ${conflicts.length} item(s) conflict with items already imported; nothing was imported.`, conflicts);
  }
  if (fresh.length === 0) return { batch: null, inserted: 0, duplicates };
  const now = new Date();
  const batch = (
    await tx
      .insert(importBatches)
      .values({ projectId, kind: "items", fileName, format, inserted: fresh.length, duplicates, createdBy: actorId, createdAt: now })
      .returning({ id: importBatches.id })
  )[0]!;
  // Many rows per INSERT, prepared once per import and size: one statement per row costs a round
  // trip each on PostgreSQL and an await each on SQLite, and building a many-row INSERT for every
  // chunk costs drizzle more than running it.
  const statements = new Map<number, ReturnType<typeof itemInsert>>();
  for (let i = 0; i < fresh.length; i += ITEM_INSERT_CHUNK) {
    const chunk = fresh.slice(i, i + ITEM_INSERT_CHUNK);
    let statement = statements.get(chunk.length);
    if (!statement) statements.set(chunk.length, (statement = itemInsert(tx, chunk.length, { projectId, importBatchId: batch.id, createdAt: now })));
    const values: Record<string, unknown> = {};
    chunk.forEach((r, k) => {
      values[`e${k}`] = r.externalId;
      values[`t${k}`] = r.text;
      values[`m${k}`] = r.metadata;
      values[`h${k}`] = r.contentHash;
      values[`l${k}`] = r.line ?? null;
    });
    await statement.execute(values);
  }
  // New items are open. Counted here once per import: a per-row trigger (as for the other
  // counts) more than doubled the time of a 100,000-item insert.
  await tx
    .update(projectCounts)
    .set({ items: sql`${projectCounts.items} + ${fresh.length}`, openItems: sql`${projectCounts.openItems} + ${fresh.length}` })
    .where(eq(projectCounts.projectId, projectId));
  await recordAudit(tx, {
    projectId,
    actorId,
    action: "items.import",
    targetType: "import_batch",
    targetId: batch.id,
    details: { fileName, format, inserted: fresh.length, duplicates },
  });
  await emitWebhookEvent(tx, { projectId, event: "import.finished", data: { importBatchId: batch.id, fileName, format, inserted: fresh.length, duplicates }, now });
  return { batch: batch.id, inserted: fresh.length, duplicates };
}

/** An INSERT of `width` items whose own columns are placeholders e0, t0, m0, h0, l0, e1, … */
function itemInsert(tx: Tx, width: number, shared: { projectId: string; importBatchId: number; createdAt: Date }) {
  return prepared(
    tx.insert(items).values(
      Array.from({ length: width }, (_, k) => ({
        ...shared,
        externalId: sql.placeholder(`e${k}`),
        text: sql.placeholder(`t${k}`),
        metadata: sql.placeholder(`m${k}`),
        contentHash: sql.placeholder(`h${k}`),
        importLine: sql.placeholder(`l${k}`),
      })),
    ),
  );
}

async function existingHashes(tx: Executor, projectId: string, records: readonly NewItem[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if ((await countItems({ db: tx, projectId })) === 0) return found;
  const ids = records.map((r) => r.externalId);
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await tx
      .select({ externalId: items.externalId, contentHash: items.contentHash })
      .from(items)
      .where(and(eq(items.projectId, projectId), inArray(items.externalId, ids.slice(i, i + LOOKUP_CHUNK))));
    for (const row of rows) found.set(row.externalId, row.contentHash);
  }
  return found;
}

export async function countItems({ db, projectId }: { db: Executor; projectId: string }): Promise<number> {
  return (await db.select({ n: projectCounts.items }).from(projectCounts).where(eq(projectCounts.projectId, projectId)).limit(1))[0]?.n ?? 0;
}

export type ItemRecord = { id: number; externalId: string; text: string; metadata: Record<string, unknown> };

export async function getItem({ db, projectId, itemId }: { db: Executor; projectId: string; itemId: number }): Promise<ItemRecord | undefined> {
  return (
    await db
      .select({ id: items.id, externalId: items.externalId, text: items.text, metadata: items.metadata })
      .from(items)
      .where(and(eq(items.projectId, projectId), eq(items.id, itemId)))
      .limit(1)
  )[0];
}

export async function listImportBatches({ db, projectId }: { db: Executor; projectId: string }) {
  return await db.select().from(importBatches).where(eq(importBatches.projectId, projectId)).orderBy(asc(importBatches.id));
}

/** A scalar read that may be null (PostgreSQL returns some integers as text). */
const nullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));

/**
 * Windows of `width` consecutive item ids covering a project's items. Reads walk the item table
 * by id range; asking for "the project's next N items" instead makes SQLite scan the project's
 * queue index and sort it for every chunk, which grows with the project.
 */
export async function* projectItemWindows({
  db,
  projectId,
  width,
}: {
  db: Executor;
  projectId: string;
  width: number;
}): AsyncGenerator<{ fromId: number; toId: number }> {
  // Two scalar subqueries, each one probe of items_project_id_idx: with min and max in one
  // aggregate SQLite reads every entry of the project instead.
  const low = db.select({ v: sql`min(${items.id})` }).from(items).where(eq(items.projectId, projectId));
  const high = db.select({ v: sql`max(${items.id})` }).from(items).where(eq(items.projectId, projectId));
  const bounds = (
    await db
      .select({ low: sql<number | null>`(${low})`.mapWith(nullableNumber), high: sql<number | null>`(${high})`.mapWith(nullableNumber) })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1)
  )[0];
  if (!bounds || bounds.low === null || bounds.high === null) return;
  for (let fromId = bounds.low; fromId <= bounds.high; fromId += width) yield { fromId, toId: Math.min(bounds.high, fromId + width - 1) };
}
