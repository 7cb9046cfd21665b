// Brings existing multi-rater data in: annotation rows (item, annotator, label) from a file or a
// Label Studio export. All-or-nothing per file. Annotators named in the file become accounts that
// cannot sign in, unless the name is the email of an existing user.
import "server-only";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { aliasedTable as alias } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { annotations, importBatches, items, projects, users, type StoredSpan } from "../schema";
import type { Db, Tx } from "../index";
import { recordAudit } from "./audit";
import { LOOKUP_CHUNK } from "./lookup-chunks";
import { inForce, isCurrentAnnotation } from "./current-annotations";
import { insertItems, type NewItem } from "./items";
import { refreshItemsResolutions } from "./resolutions";
import { GoldsetError, type Problem } from "@/lib/errors";
import { sameLabelSet } from "@/lib/annotate/suggestion-action";
import type { AnnotationRow } from "@/lib/import/annotation-rows";

export type AnnotationImportSummary = { batch: number | null; inserted: number; duplicates: number; superseded: number; newAnnotators: number };

// A hash no password verifies against: imported annotators are names, not logins.
const NO_LOGIN = "!imported";
// 13 bound values a row: well under SQLite's 32,766 per statement.
const INSERT_CHUNK = 500;

function importedEmail(name: string): string {
  return name.includes("@")
    ? name.trim().toLowerCase()
    : `${name
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")}@imported.invalid`;
}

async function annotatorIds(tx: Tx, names: string[], actorId: string | null): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = new Map<string, string>();
  let created = 0;
  for (const name of names) {
    const email = importedEmail(name);
    const found = (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1))[0];
    if (found) ids.set(name, found.id);
    else {
      const id = randomUUID();
      await tx.insert(users).values({ id, email, name, passwordHash: NO_LOGIN, createdAt: new Date() });
      await recordAudit(tx, { actorId, action: "user.create", targetType: "user", targetId: id, details: { email, imported: true } });
      ids.set(name, id);
      created++;
    }
  }
  return { ids, created };
}

async function itemIdsByExternalId(tx: Tx, projectId: string, externalIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < externalIds.length; i += LOOKUP_CHUNK) {
    for (const row of await tx
      .select({ id: items.id, externalId: items.externalId })
      .from(items)
      .where(and(eq(items.projectId, projectId), inArray(items.externalId, externalIds.slice(i, i + LOOKUP_CHUNK))))) {
      found.set(row.externalId, row.id);
    }
  }
  return found;
}


type AnnotationInForce = Pick<typeof annotations.$inferSelect, "id" | "kind" | "labels" | "spans" | "notSure">;

const pairKey = (itemId: number, annotatorId: string) => `${itemId} ${annotatorId}`;

/** Spans lists as stored (sorted, without duplicates, lib/spans/span-set.ts), or null for a classification annotation. */
function sameSpanList(a: readonly StoredSpan[] | null, b: readonly StoredSpan[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((span, i) => span.start === b[i]!.start && span.end === b[i]!.end && span.label === b[i]!.label);
}

/** The annotation in force per item and annotator (keyed by pairKey) on the items, read a chunk of items at a time. */
async function annotationsInForce(tx: Tx, itemIds: readonly number[]): Promise<Map<string, AnnotationInForce>> {
  const found = new Map<string, AnnotationInForce>();
  for (let i = 0; i < itemIds.length; i += LOOKUP_CHUNK) {
    for (const { itemId, annotatorId, ...annotation } of await tx
      .select({
        itemId: annotations.itemId,
        annotatorId: annotations.annotatorId,
        id: annotations.id,
        kind: annotations.kind,
        labels: annotations.labels,
        spans: annotations.spans,
        notSure: annotations.notSure,
      })
      .from(annotations)
      .where(and(inArray(annotations.itemId, itemIds.slice(i, i + LOOKUP_CHUNK)), isCurrentAnnotation))) {
      const key = pairKey(itemId, annotatorId);
      // At most one per pair, unless the history is damaged; then the first read is kept.
      if (!found.has(key)) found.set(key, annotation);
    }
  }
  return found;
}

/**
 * Sets `labelled_by` of the items to their count of current labels (label annotations nothing
 * supersedes) and `open` to whether that is still short of the project's overlap plus the item's
 * extra annotations: two statements per chunk of items, whatever the number of items.
 */
async function recountLabelledBy(tx: Tx, itemIds: readonly number[]): Promise<void> {
  const counted = alias(annotations, "counted");
  const currentLabels = tx
    .select({ n: count() })
    .from(counted)
    .where(and(eq(counted.itemId, items.id), eq(counted.kind, "label"), inForce(counted.id)));
  for (let i = 0; i < itemIds.length; i += LOOKUP_CHUNK) {
    const chunk = itemIds.slice(i, i + LOOKUP_CHUNK);
    await tx
      .update(items)
      .set({ labelledBy: sql`(${currentLabels})` })
      .where(inArray(items.id, chunk));
    // A second statement, because within one UPDATE `labelled_by` still reads its old value.
    await tx
      .update(items)
      .set({
        open: sql`${items.labelledBy} < (select ${projects.overlap} from ${projects} where ${projects.id} = ${items.projectId}) + ${items.extraAnnotations}`,
      })
      .where(inArray(items.id, chunk));
  }
}

async function insertAnnotationRows(
  tx: Tx,
  {
    projectId,
    fileName,
    format,
    rows,
    actorId,
  }: { projectId: string; fileName: string; format: string; rows: readonly AnnotationRow[]; actorId: string | null },
): Promise<AnnotationImportSummary> {
  const itemIds = await itemIdsByExternalId(tx, projectId, [...new Set(rows.map((r) => r.externalId))]);
  const unknown: Problem[] = rows
    .filter((r) => !itemIds.has(r.externalId))
    .slice(0, 100)
    .map((r) => ({ line: r.line, field: "item", message: `line ${r.line}: item "${r.externalId}" is not in the project; import the items first.` }));
  if (unknown.length > 0) throw new GoldsetError("invalid_import", `${fileName}: annotations name items that do not exist; nothing was imported.`, unknown);

  const { ids: annotatorOf, created } = await annotatorIds(tx, [...new Set(rows.map((r) => r.annotator))], actorId);
  const now = new Date();
  const batch = (
    await tx
      .insert(importBatches)
      .values({ projectId, kind: "annotations", fileName, format, inserted: 0, duplicates: 0, createdBy: actorId, createdAt: now })
      .returning({ id: importBatches.id })
  )[0]!;
  const inForce = await annotationsInForce(tx, [...itemIds.values()]);
  const newRows: (typeof annotations.$inferInsert)[] = [];
  let duplicates = 0;
  let superseded = 0;
  const touched = new Set<number>();
  for (const row of rows) {
    const itemId = itemIds.get(row.externalId)!;
    const annotatorId = annotatorOf.get(row.annotator)!;
    const key = pairKey(itemId, annotatorId);
    const current = inForce.get(key);
    const spans = row.spans ?? null;
    if (current?.kind === "label" && current.notSure === row.notSure && sameLabelSet(current.labels, row.labels) && sameSpanList(current.spans, spans)) {
      duplicates++;
      continue;
    }
    const id = randomUUID();
    newRows.push({
      id,
      projectId,
      itemId,
      annotatorId,
      kind: "label",
      labels: row.labels,
      spans,
      notSure: row.notSure,
      supersedesId: current?.id ?? null,
      source: "import",
      importBatchId: batch.id,
      createdAt: row.createdAt ? new Date(row.createdAt) : now,
    });
    // A later row of the same file for this pair compares with, and supersedes, this one.
    inForce.set(key, { id, kind: "label", labels: row.labels, spans, notSure: row.notSure });
    if (current) superseded++;
    touched.add(itemId);
  }
  for (let i = 0; i < newRows.length; i += INSERT_CHUNK) await tx.insert(annotations).values(newRows.slice(i, i + INSERT_CHUNK));
  const inserted = newRows.length;
  await recountLabelledBy(tx, [...touched]);
  await refreshItemsResolutions(tx, { projectId, itemIds: touched, now });
  await tx.update(importBatches).set({ inserted, duplicates }).where(eq(importBatches.id, batch.id));
  await recordAudit(tx, {
    projectId,
    actorId,
    action: "annotations.import",
    targetType: "import_batch",
    targetId: batch.id,
    details: { fileName, format, inserted, duplicates, superseded, newAnnotators: created },
  });
  return { batch: inserted > 0 ? batch.id : null, inserted, duplicates, superseded, newAnnotators: created };
}

export async function importAnnotations({
  db,
  ...input
}: {
  db: Db;
  projectId: string;
  fileName: string;
  format: string;
  rows: readonly AnnotationRow[];
  actorId: string | null;
}): Promise<AnnotationImportSummary> {
  if (input.rows.length === 0) throw new GoldsetError("invalid_import", `${input.fileName}: the file holds no annotations.`);
  return await db.transaction(async (tx) => await insertAnnotationRows(tx, input));
}

/** A Label Studio export: its tasks become items and its annotations annotations, together or not at all. */
export async function importLabelStudio(input: { db: Db; projectId: string; fileName: string; items: readonly NewItem[]; rows: readonly AnnotationRow[]; actorId: string | null }) {
  return await importItemsWithAnnotations({ ...input, format: "label-studio" });
}

/**
 * A file that brings items and their annotations at once (a Label Studio export; a spans
 * project's CoNLL, JSONL or Label Studio file): both stored in one transaction, or neither.
 */
export async function importItemsWithAnnotations({
  db,
  projectId,
  fileName,
  format,
  items: newItems,
  rows,
  actorId,
}: {
  db: Db;
  projectId: string;
  fileName: string;
  format: string;
  items: readonly NewItem[];
  rows: readonly AnnotationRow[];
  actorId: string | null;
}) {
  return await db.transaction(async (tx) => {
    const itemSummary = await insertItems(tx, { projectId, fileName, format, records: newItems, actorId });
    const annotationSummary = rows.length > 0 ? await insertAnnotationRows(tx, { projectId, fileName, format, rows, actorId }) : null;
    return { items: itemSummary, annotations: annotationSummary };
  });
}
