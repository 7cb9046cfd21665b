// Export snapshots: a lead's rules applied once to the current resolutions, frozen as records, so
// every later export of the snapshot writes byte-identical files.
import "server-only";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { annotations, exportSnapshotRecords, exportSnapshots, itemResolutions, items, projects, suggestions, users } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { recordAudit } from "./audit";
import { computeAgreement } from "./agreement";
import { GoldsetError } from "@/lib/errors";
import { sameLabelSet } from "@/lib/annotate/suggestion-action";
import type { DecidedBy, ExportRecord, SuggestionProvenance } from "@/lib/export/export-record";
import type { SnapshotRules } from "@/lib/export/snapshot-row";
import { planStratifiedSplit, stratumOf } from "@/lib/export/stratified-split";
import { prepared } from "../prepared";

const PAGE = 2_000;

type ResolutionRow = { itemId: number; labels: string[] };

async function eligibleResolutions(tx: Executor, projectId: string, rules: SnapshotRules, afterItemId: number, limit: number) {
  return await tx
    .select({
      itemId: itemResolutions.itemId,
      externalId: items.externalId,
      text: items.text,
      metadata: items.metadata,
      method: itemResolutions.method,
      labels: itemResolutions.labels,
      agreement: itemResolutions.agreement,
      annotators: itemResolutions.annotators,
      notSure: itemResolutions.notSure,
    })
    .from(itemResolutions)
    .innerJoin(items, eq(items.id, itemResolutions.itemId))
    .where(
      and(
        eq(itemResolutions.projectId, projectId),
        inArray(itemResolutions.method, rules.decidedBy),
        sql`${itemResolutions.annotators} >= ${rules.minAnnotations}`,
        gt(itemResolutions.itemId, afterItemId),
      ),
    )
    .orderBy(asc(itemResolutions.itemId))
    .limit(limit);
}

/** Current annotations of a page of items, with the suggestion each one saw. */
async function annotationsOf(tx: Executor, itemIds: number[]) {
  return await tx
    .select({
      itemId: annotations.itemId,
      annotator: users.email,
      labels: annotations.labels,
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

/**
 * The suggestion shown on the item and whether the item's final label took it. `accepted` needs
 * both: an annotator accepted the suggestion, and the final label is that suggestion. So a
 * suggestion a reviewer or the other votes overruled is not accepted, and neither is one everybody
 * changed or refused even when a reviewer later arrived at the same label on their own. When
 * annotators were shown different suggestions, the accepted one is named, else the one the final
 * label matches, else the first one shown.
 */
function suggestionProvenance(rows: Awaited<ReturnType<typeof annotationsOf>>, finalLabels: readonly string[]): SuggestionProvenance | null {
  const shown = rows.filter((r) => r.suggestionSource && r.suggestionLabels && r.suggestionAction !== "none");
  const matching = shown.filter((r) => sameLabelSet(r.suggestionLabels!, finalLabels));
  const accepted = matching.find((r) => r.suggestionAction === "accepted");
  const seen = accepted ?? matching[0] ?? shown[0];
  if (!seen) return null;
  return {
    accepted: Boolean(accepted),
    source: seen.suggestionSource ?? undefined,
    model: seen.suggestionModel ?? undefined,
    promptVersion: seen.promptVersion,
    labels: seen.suggestionLabels ?? undefined,
    confidence: seen.suggestionConfidence,
  };
}

export async function createExportSnapshot({
  db,
  projectId,
  name,
  rules,
  createdBy,
}: {
  db: Db;
  projectId: string;
  name: string;
  rules: SnapshotRules;
  createdBy: string | null;
}) {
  const project = (await db.select().from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  if (!project) throw new GoldsetError("not_found", "No such project.");
  if (
    (
      await db
        .select({ id: exportSnapshots.id })
        .from(exportSnapshots)
        .where(and(eq(exportSnapshots.projectId, projectId), eq(exportSnapshots.name, name)))
        .limit(1)
    )[0]
  ) {
    throw new GoldsetError("conflict", `A snapshot named "${name}" already exists; snapshots are immutable, so choose a new name.`);
  }
  // Pass 1: the split needs every eligible item's label before any record is written.
  const plan = rules.split
    ? await planStratifiedSplit(
        (async function* () {
          let after = 0;
          for (;;) {
            const page: ResolutionRow[] = await eligibleResolutions(db, projectId, rules, after, PAGE * 5);
            if (page.length === 0) return;
            for (const r of page) yield { id: String(r.itemId), label: stratumOf({ labels: r.labels }) };
            after = page[page.length - 1]!.itemId;
          }
        })(),
        rules.split,
      )
    : null;
  const agreement = (await computeAgreement({ db, projectId, resamples: 0 })).summary;

  return await db.transaction(async (tx) => {
    const now = new Date();
    const snapshot = await insertSnapshot(tx, { projectId, name, rules, labelSetVersion: project.labelSetVersion, createdBy, now });
    const counts = { items: 0, decidedBy: {} as Record<string, number>, splits: {} as Record<string, number>, acceptedSuggestions: 0 };
    const frozen: { itemId: number; record: ExportRecord }[] = [];
    let after = 0;
    for (;;) {
      const page = await eligibleResolutions(tx, projectId, rules, after, PAGE);
      if (page.length === 0) break;
      const byItem = new Map<number, Awaited<ReturnType<typeof annotationsOf>>>();
      for (const a of await annotationsOf(
        tx,
        page.map((p) => p.itemId),
      )) {
        const list = byItem.get(a.itemId) ?? [];
        list.push(a);
        byItem.set(a.itemId, list);
      }
      for (const r of page) {
        const raw = byItem.get(r.itemId) ?? [];
        const record: ExportRecord = {
          id: r.externalId,
          text: r.text,
          labels: r.labels,
          decidedBy: r.method as DecidedBy,
          agreement: r.agreement,
          annotators: r.annotators,
          notSure: r.notSure,
          suggestion: suggestionProvenance(raw, r.labels),
          ...(plan ? { split: plan.splitOf({ id: String(r.itemId), label: stratumOf(r) }) } : {}),
          metadata: r.metadata,
          ...(rules.includeAnnotations
            ? {
                annotations: raw.map((a) => ({
                  annotator: a.annotator,
                  labels: a.labels,
                  notSure: a.notSure,
                  createdAt: a.createdAt.toISOString(),
                  suggestionAction: a.suggestionAction,
                })),
              }
            : {}),
        };
        frozen.push({ itemId: r.itemId, record });
        counts.items++;
        counts.decidedBy[record.decidedBy] = (counts.decidedBy[record.decidedBy] ?? 0) + 1;
        if (record.split) counts.splits[record.split] = (counts.splits[record.split] ?? 0) + 1;
        if (record.suggestion?.accepted) counts.acceptedSuggestions++;
      }
      await freezeRecords(tx, snapshot.id, frozen.splice(0));
      after = page[page.length - 1]!.itemId;
    }
    const summary = {
      ...counts,
      agreement: {
        krippendorff: agreement.krippendorff.value,
        fleiss: agreement.fleiss.value,
        cohen: agreement.cohen.value,
        percent: agreement.percent.value,
      },
    };
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
  args: { projectId: string; name: string; rules: SnapshotRules; labelSetVersion: number; createdBy: string | null; now: Date },
) {
  return (
    await tx
      .insert(exportSnapshots)
      .values({
        projectId: args.projectId,
        name: args.name,
        rules: args.rules,
        labelSetVersion: args.labelSetVersion,
        counts: {},
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

/** The frozen records, in item order, a page at a time so a million-item export stays small. */
export function snapshotRecords({ db, snapshotId }: { db: Executor; snapshotId: number }): AsyncGenerator<ExportRecord> {
  return pagedRecords((after) =>
    db
      .select({ itemId: exportSnapshotRecords.itemId, record: exportSnapshotRecords.record })
      .from(exportSnapshotRecords)
      .where(and(eq(exportSnapshotRecords.snapshotId, snapshotId), gt(exportSnapshotRecords.itemId, after)))
      .orderBy(asc(exportSnapshotRecords.itemId))
      .limit(PAGE),
  );
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
  return rows.map(({ hashes: recorded, ...row }) => {
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
  )[0];
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
  )[0];
}
