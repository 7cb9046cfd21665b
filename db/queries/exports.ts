// Export snapshots: a lead's rules applied once to the current resolutions, frozen as records, so
// every later export of the snapshot writes byte-identical files.
import "server-only";
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { annotations, exportSnapshotRecords, exportSnapshots, itemExclusions, itemResolutions, items, projects, suggestions, users, type StoredSpan } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { recordAudit } from "./audit";
import { excludedFromExports } from "./item-exclusions";
import { projectLabelNames } from "./label-names";
import { computeAgreement } from "./agreement";
import { yieldToEventLoop } from "../event-loop";
import { GoldsetError } from "@/lib/errors";
import type { AgreementSummarizer } from "@/lib/agreement/project-ratings";
import type { ExportRecord } from "@/lib/export/export-record";
import { inThreadFreezer, type SnapshotFreezer } from "@/lib/export/snapshot-freezer";
import type { EligibleResolution, SnapshotAnnotation } from "@/lib/export/snapshot-records";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";
import { stratumOf } from "@/lib/export/stratified-split";
import { prepared } from "../prepared";
import { withoutIndex } from "../dialect/sql";

const PAGE = 2_000;
/**
 * Items per page while freezing: each page is read, sent to the freezer (a worker thread, copied
 * both ways) and written in one turn of the event loop or two, so a page bounds how long a
 * request waits behind the job.
 */
const FREEZE_PAGE = 500;

type ResolutionRow = { itemId: number; labels: string[] };

async function eligibleResolutions(tx: Executor, projectId: string, rules: SnapshotRules, afterItemId: number, limit: number): Promise<EligibleResolution[]> {
  return await tx
    .select({
      itemId: itemResolutions.itemId,
      externalId: items.externalId,
      text: items.text,
      metadata: items.metadata,
      method: itemResolutions.method,
      labels: itemResolutions.labels,
      spans: itemResolutions.spans,
      agreement: itemResolutions.agreement,
      annotators: itemResolutions.annotators,
      notSure: itemResolutions.notSure,
    })
    .from(itemResolutions)
    .innerJoin(items, eq(items.id, itemResolutions.itemId))
    .where(eligible(projectId, rules, afterItemId))
    .orderBy(asc(itemResolutions.itemId))
    .limit(limit);
}

/** The rules' own test, before exclusions. */
function meetsRules(projectId: string, rules: SnapshotRules) {
  return and(
    // Walked by item id, the table's key: through the project's index SQLite would sort the whole
    // project for every page.
    sql`${withoutIndex(itemResolutions.projectId)} = ${projectId}`,
    inArray(itemResolutions.method, rules.decidedBy),
    sql`${itemResolutions.annotators} >= ${rules.minAnnotations}`,
  );
}

/** What a new snapshot holds: items meeting the rules that no exclusion in force leaves out (db/queries/item-exclusions.ts). */
function eligible(projectId: string, rules: SnapshotRules, afterItemId: number) {
  return and(meetsRules(projectId, rules), sql`not ${excludedFromExports(itemResolutions.itemId)}`, gt(itemResolutions.itemId, afterItemId));
}

/**
 * Items the rules would have taken but an exclusion left out: the snapshot's card says how many.
 * Read from the exclusions in force (their project index), so it costs what the lead excluded,
 * not what the project holds: a count over every resolution would hold SQLite's one connection
 * (and the event loop) for the length of a large project.
 */
async function excludedByLead(tx: Executor, projectId: string, rules: SnapshotRules): Promise<number> {
  const rows = await tx
    .select({ n: sql<number>`count(*)` })
    .from(itemExclusions)
    .innerJoin(itemResolutions, eq(itemResolutions.itemId, itemExclusions.itemId))
    .where(and(eq(itemExclusions.projectId, projectId), isNull(itemExclusions.revertedAt), meetsRules(projectId, rules)));
  return Number(rows[0]?.n ?? 0);
}

/** Pass 1 reads only what the split needs. */
async function eligibleResolutionLabels(tx: Executor, projectId: string, rules: SnapshotRules, afterItemId: number, limit: number): Promise<ResolutionRow[]> {
  return await tx
    .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
    .from(itemResolutions)
    .where(eligible(projectId, rules, afterItemId))
    .orderBy(asc(itemResolutions.itemId))
    .limit(limit);
}

/** Current annotations of a page of items, with the suggestion each one saw. */
async function annotationsOf(tx: Executor, itemIds: number[]): Promise<SnapshotAnnotation[]> {
  return await tx
    .select({
      itemId: annotations.itemId,
      annotator: users.email,
      labels: annotations.labels,
      spans: annotations.spans,
      notSure: annotations.notSure,
      createdAt: annotations.createdAt,
      suggestionAction: annotations.suggestionAction,
      suggestionSource: suggestions.sourceKind,
      suggestionLabels: suggestions.labels,
      suggestionModel: suggestions.modelName,
      promptVersion: suggestions.promptVersion,
      suggestionConfidence: suggestions.confidence,
    })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .leftJoin(suggestions, eq(suggestions.id, annotations.suggestionId))
    .where(and(inArray(annotations.itemId, itemIds), eq(annotations.kind, "label"), isCurrentAnnotation))
    .orderBy(asc(annotations.itemId), asc(annotations.createdAt));
}

/** Whether the snapshot's records are all frozen: its counts are written last, with its last records. */
export function isFrozen(snapshot: { counts: SnapshotCounts }): boolean {
  return snapshot.counts.items !== undefined;
}

/**
 * Drops what an attempt that died half-way (a crash, a lost lease) left of a snapshot: a row
 * without counts, which no reader shows, and the records it froze so far. Nobody saw them, so
 * this deletes no history.
 */
async function dropUnfinishedSnapshot(db: Db, projectId: string, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    const left = (
      await tx
        .select({ id: exportSnapshots.id, counts: exportSnapshots.counts })
        .from(exportSnapshots)
        .where(and(eq(exportSnapshots.projectId, projectId), eq(exportSnapshots.name, name)))
        .limit(1)
    )[0];
    if (!left || isFrozen(left)) return;
    await tx.delete(exportSnapshotRecords).where(eq(exportSnapshotRecords.snapshotId, left.id));
    await tx.delete(exportSnapshots).where(eq(exportSnapshots.id, left.id));
  });
}

export interface SnapshotProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

/**
 * Freezes the project's current resolutions under `rules` as the snapshot `name`. The database
 * work runs here a page at a time, each page of records written in a transaction of its own with
 * the event loop free between pages (on SQLite a transaction holds the one connection, so one
 * transaction over a 300,000-item project would hold every request); the computing runs wherever
 * `freezer` and `summarizer` do (the export-snapshot job passes ones on its worker thread). The
 * row is written first without counts and gets them with its last records, so nobody reads a
 * snapshot half-frozen; a label changed meanwhile lands in the pages not yet read.
 */
export async function createExportSnapshot({
  db,
  projectId,
  name,
  rules,
  createdBy,
  freezer = inThreadFreezer(),
  summarizer,
  onProgress = async () => {},
}: {
  db: Db;
  projectId: string;
  name: string;
  rules: SnapshotRules;
  createdBy: string | null;
  freezer?: SnapshotFreezer;
  summarizer?: AgreementSummarizer;
  onProgress?: (progress: SnapshotProgress) => Promise<void>;
}) {
  const project = (await db.select().from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  if (!project) throw new GoldsetError("not_found", "No such project.");
  await dropUnfinishedSnapshot(db, projectId, name);
  if (await getExportSnapshot({ db, projectId, name })) {
    throw new GoldsetError("conflict", `A snapshot named "${name}" already exists; snapshots are immutable, so choose a new name.`);
  }
  // New snapshots freeze labels as they read today (renames, merges); frozen records never change.
  const names = await projectLabelNames({ db, projectId });
  // Pass 1: the split needs every eligible item's label before any record is written.
  let total = 0;
  if (rules.split) await freezer.startPlan(rules.split);
  for (let after = 0; ; ) {
    const page: ResolutionRow[] = await eligibleResolutionLabels(db, projectId, rules, after, FREEZE_PAGE * 4);
    if (page.length === 0) break;
    total += page.length;
    if (rules.split) await freezer.addToPlan(page.map((r) => ({ id: String(r.itemId), label: stratumOf({ labels: names.readAll(r.labels) }) })));
    after = page[page.length - 1]!.itemId;
    await yieldToEventLoop();
  }
  if (rules.split) await freezer.planSplit();
  const excluded = await excludedByLead(db, projectId, rules);
  await onProgress({ done: 0, total, message: "agreement" });
  const agreement = (await computeAgreement({ db, projectId, resamples: 0, summarizer })).summary;

  const snapshot = await db.transaction((tx) => insertSnapshot(tx, { projectId, name, rules, labelSetVersion: project.labelSetVersion, createdBy, now: new Date() }));
  let done = 0;
  for (let after = 0; ; ) {
    await onProgress({ done, total, message: "freezing records" });
    const readSpans = (spans: readonly StoredSpan[] | null) => spans && spans.map((s) => ({ start: s.start, end: s.end, label: names.read(s.label) }));
    const page = (await eligibleResolutions(db, projectId, rules, after, FREEZE_PAGE)).map((r) => ({ ...r, labels: names.readAll(r.labels), spans: readSpans(r.spans) }));
    if (page.length === 0) break;
    const pageAnnotations = (await annotationsOf(db, page.map((p) => p.itemId))).map((a) => ({
      ...a,
      labels: names.readAll(a.labels),
      spans: readSpans(a.spans),
      suggestionLabels: a.suggestionLabels && names.readAll(a.suggestionLabels),
    }));
    const records = await freezer.freeze(page, pageAnnotations, rules);
    await yieldToEventLoop();
    await db.transaction((tx) => freezeRecords(tx, snapshot.id, records));
    await yieldToEventLoop();
    done += page.length;
    after = page[page.length - 1]!.itemId;
  }
  const summary = {
    ...(await freezer.tally()),
    excluded,
    agreement: {
      krippendorff: agreement.krippendorff.value,
      fleiss: agreement.fleiss.value,
      cohen: agreement.cohen.value,
      percent: agreement.percent.value,
    },
  };
  return await db.transaction(async (tx) => {
    await tx.update(exportSnapshots).set({ counts: summary }).where(eq(exportSnapshots.id, snapshot.id));
    await recordAudit(tx, {
      projectId,
      actorId: createdBy,
      action: "export.snapshot",
      targetType: "export_snapshot",
      targetId: snapshot.id,
      details: { name, rules, counts: summary },
    });
    return { ...snapshot, counts: summary };
  });
}

export async function insertSnapshot(
  tx: Tx,
  args: {
    projectId: string;
    name: string;
    rules: SnapshotRules;
    labelSetVersion: number;
    createdBy: string | null;
    now: Date;
    /** Absent while the records are being frozen (see isFrozen); given by a caller that freezes them in the same transaction. */
    counts?: SnapshotCounts;
  },
) {
  return (
    await tx
      .insert(exportSnapshots)
      .values({
        projectId: args.projectId,
        name: args.name,
        rules: args.rules,
        labelSetVersion: args.labelSetVersion,
        counts: args.counts ?? {},
        createdBy: args.createdBy,
        createdAt: args.now,
      })
      .returning()
  )[0]!;
}

/** Stores a snapshot's records; they are never changed afterwards. */
export async function freezeRecords(tx: Tx, snapshotId: number, records: Iterable<{ itemId: number; record: ExportRecord }>): Promise<void> {
  const insert = prepared(tx.insert(exportSnapshotRecords).values({ snapshotId, itemId: sql.placeholder("itemId"), record: sql.placeholder("record") }));
  for (const { itemId, record } of records) await insert.execute({ itemId, record });
}

function frozenRecordPage(db: Executor, snapshotId: number, after: number, limit = PAGE) {
  return db
    .select({ itemId: exportSnapshotRecords.itemId, record: exportSnapshotRecords.record })
    .from(exportSnapshotRecords)
    .where(and(eq(exportSnapshotRecords.snapshotId, snapshotId), gt(exportSnapshotRecords.itemId, after)))
    .orderBy(asc(exportSnapshotRecords.itemId))
    .limit(limit);
}

/** The frozen records, in item order, a page at a time so a million-item export stays small. */
export function snapshotRecords({ db, snapshotId }: { db: Executor; snapshotId: number }): AsyncGenerator<ExportRecord> {
  return pagedRecords((after) => frozenRecordPage(db, snapshotId, after));
}

/** The frozen records in item order, as pages as small as the freezing ones: what the export-files job hands its worker thread one at a time. */
export async function* snapshotRecordPages({ db, snapshotId }: { db: Executor; snapshotId: number }): AsyncGenerator<ExportRecord[]> {
  for (let after = 0; ; ) {
    const rows = await frozenRecordPage(db, snapshotId, after, FREEZE_PAGE);
    if (rows.length === 0) return;
    yield rows.map((row) => row.record);
    after = rows[rows.length - 1]!.itemId;
  }
}

/**
 * Walks frozen records by item id, one page per call of `page(after)`: the one keyset walk behind
 * snapshotRecords and the copy's verification, which reads the PostgreSQL tables whatever this
 * process is configured for.
 */
export async function* pagedRecords(page: (after: number) => Promise<{ itemId: number; record: ExportRecord }[]>): AsyncGenerator<ExportRecord> {
  let after = 0;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    for (const row of rows) yield row.record;
    after = rows[rows.length - 1]!.itemId;
  }
}

/** How many frozen records one page holds. */
export const SNAPSHOT_RECORD_PAGE = PAGE;

export async function listExportSnapshots({ db, projectId }: { db: Executor; projectId: string }) {
  const rows = await db
    .select({
      id: exportSnapshots.id,
      name: exportSnapshots.name,
      rules: exportSnapshots.rules,
      counts: exportSnapshots.counts,
      hashes: exportSnapshots.hashes,
      labelSetVersion: exportSnapshots.labelSetVersion,
      createdAt: exportSnapshots.createdAt,
      createdBy: users.name,
    })
    .from(exportSnapshots)
    .leftJoin(users, eq(users.id, exportSnapshots.createdBy))
    .where(eq(exportSnapshots.projectId, projectId))
    .orderBy(asc(exportSnapshots.id));
  return rows.filter(isFrozen).map(({ hashes: recorded, ...row }) => {
    const hashes: Record<string, string> = {};
    const writers: Record<string, number> = {};
    for (const format of Object.keys(recorded)) {
      const known = recordedExportHash(recorded, format)!;
      hashes[format] = known.sha256;
      writers[format] = known.writer;
    }
    return { ...row, hashes, writers };
  });
}

export async function getExportSnapshot({ db, projectId, name }: { db: Executor; projectId: string; name: string }) {
  return (
    await db
      .select()
      .from(exportSnapshots)
      .where(and(eq(exportSnapshots.projectId, projectId), eq(exportSnapshots.name, name)))
      .limit(1)
  ).find(isFrozen);
}

type StoredHashes = typeof exportSnapshots.$inferSelect.hashes;

/** The hash recorded for a format and the writer version that produced it, or null before the first write. */
export function recordedExportHash(hashes: StoredHashes, format: string): { sha256: string; writer: number } | null {
  const known = hashes[format];
  if (known === undefined) return null;
  return typeof known === "string" ? { sha256: known, writer: 1 } : known;
}

/**
 * Records the content hash of a format, with its writer version, the first time it is written; a
 * later export must match both, or the snapshot was not reproduced and the caller is told.
 */
export async function recordExportHash({
  db,
  snapshotId,
  format,
  writerVersion,
  sha256,
  actorId,
}: {
  db: Db;
  snapshotId: number;
  format: string;
  writerVersion: number;
  sha256: string;
  actorId: string | null;
}) {
  return await db.transaction(async (tx) => {
    const snapshot = (await tx.select().from(exportSnapshots).where(eq(exportSnapshots.id, snapshotId)).limit(1))[0];
    if (!snapshot) throw new GoldsetError("not_found", "No such snapshot.");
    const known = recordedExportHash(snapshot.hashes, format);
    if (known && (known.sha256 !== sha256 || known.writer !== writerVersion)) {
      throw new GoldsetError(
        "conflict",
        `The ${format} export of snapshot "${snapshot.name}" (writer version ${writerVersion}) hashed to ${sha256}, not ${known.sha256} ` +
          `as recorded with writer version ${known.writer}: it was not reproduced.`,
      );
    }
    if (!known) {
      await tx
        .update(exportSnapshots)
        .set({ hashes: { ...snapshot.hashes, [format]: { sha256, writer: writerVersion } } })
        .where(eq(exportSnapshots.id, snapshotId));
    }
    await recordAudit(tx, {
      projectId: snapshot.projectId,
      actorId,
      action: "export.write",
      targetType: "export_snapshot",
      targetId: snapshotId,
      details: { format, writerVersion, sha256 },
    });
    return { sha256, firstTime: !known };
  });
}

export async function getExportSnapshotById({ db, projectId, id }: { db: Executor; projectId: string; id: number }) {
  return (
    await db
      .select()
      .from(exportSnapshots)
      .where(and(eq(exportSnapshots.projectId, projectId), eq(exportSnapshots.id, id)))
      .limit(1)
  ).find(isFrozen);
}
