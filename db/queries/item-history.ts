// Everything that happened to one item, in time order, read from the tables that record it: the
// import batch, suggestions, annotations with their supersede chains, skips, review decisions, the
// item's current resolution and the export snapshots holding it. Each read is bounded to the one
// item through an index that leads with item_id (or, for snapshot records, through the project's
// snapshots and the records' primary key), so the page costs the same in a small or a huge project.
import "server-only";
import { aliasedTable as alias, and, asc, eq, inArray } from "drizzle-orm";
import { annotations, auditLog, exportSnapshotRecords, exportSnapshots, importBatches, itemResolutions, items, skips, suggestions, users } from "../schema";
import type { Executor } from "../index";
import { itemExclusionRecords } from "./item-exclusions";
import { isFrozen } from "./exports";
import { itemAdjudications } from "./review";
import type { AdjudicatedSpan, ResolutionMethod, SuggestionAction } from "../schema";
import { TextOffsets } from "@/lib/spans/offsets";

export type HistoryItem = {
  id: number;
  externalId: string;
  text: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** The file the item came in with; null for items older than import batches. `line`: where its record starts in the file, null for items imported before lines were recorded. */
  importBatch: { id: number; fileName: string; format: string; line: number | null } | null;
};

export type CurrentResolution = {
  method: ResolutionMethod;
  labels: string[];
  agreement: number | null;
  posterior: number | null;
  annotators: number;
  notSure: number;
  reviewNeed: number;
  reviewReasons: string[];
  /** Spans projects: the accepted spans (absent elsewhere, and while unresolved). */
  spans?: { start: number; end: number; label: string }[];
};

type Event<K extends string, T> = { kind: K; at: Date } & T;

export type ImportEvent = Event<"import", { batchId: number; fileName: string; format: string; line: number | null; by: string | null }>;

export type SuggestionEvent = Event<
  "suggestion",
  {
    id: number;
    sourceKind: "llm" | "model" | "import";
    modelName: string;
    modelVersion: string | null;
    promptVersion: number | null;
    promptHash: string | null;
    parameters: Record<string, unknown>;
    /** The model's answer as it came, before parsing. */
    rawOutput: string | null;
    labels: string[];
    confidence: number | null;
    rationale: string | null;
    status: string;
    error: string | null;
    latencyMs: number | null;
    promptTokens: number | null;
    completionTokens: number | null;
    attempts: number;
    runId: number | null;
    /** The predictions file, for suggestions of source "import". */
    importFileName: string | null;
  }
>;

export type AnnotationLink = { id: string; at: Date; kind: "label" | "retraction" };

export type AnnotationEvent = Event<
  "annotation",
  {
    id: string;
    /** "retraction": an undo took the earlier label back. */
    annotationKind: "label" | "retraction";
    annotator: string;
    labels: string[];
    notSure: boolean;
    notSureReason: string | null;
    note: string | null;
    timeSpentMs: number | null;
    suggestionId: number | null;
    suggestionShown: boolean;
    suggestionAction: SuggestionAction;
    source: "app" | "import";
    /** The annotations file, for annotations of source "import". */
    importFileName: string | null;
    replaces: AnnotationLink | null;
    replacedBy: AnnotationLink | null;
  }
>;

export type SkipEvent = Event<"skip", { by: string; reason: string; undoneAt: Date | null }>;
export type SkipUndoneEvent = Event<"skip_undone", { by: string; skippedAt: Date }>;
/** A decided span with its text and the names of the annotators whose exact span it took (none: the reviewer's own). */
export type DecidedSpan = { start: number; end: number; label: string; text: string; from: string[] };
/** `spans`: spans projects only; `from` is empty for decisions recorded before it was kept. */
export type DecisionEvent = Event<"decision", { reviewer: string; labels: string[]; rationale: string; spans?: DecidedSpan[] }>;
export type SendBackEvent = Event<"send_back", { reviewer: string; extraAnnotations: number; rationale: string }>;
/** A lead sent the item to review (the data browser's bulk action); it decides nothing. */
export type ReviewRequestEvent = Event<"review_requested", { by: string; rationale: string }>;
/** The resolution in force, at the time it was last recomputed: earlier resolutions are not recorded. */
export type ResolutionEvent = Event<"resolution", CurrentResolution>;
export type ExportEvent = Event<
  "export",
  {
    snapshotId: number;
    name: string;
    by: string | null;
    labels: string[];
    decidedBy: string;
    split: string | null;
    /**
     * Formats whose files were written from the snapshot so far, each with the times its files were
     * written (audit log "export.write", oldest first; empty for a format recorded without one).
     */
    formats: { format: string; writtenAt: Date[] }[];
  }
>;

/** A lead left the item out of later export snapshots (a bulk action's job, if `jobId`). */
export type ExclusionEvent = Event<"excluded", { by: string | null; reason: string; jobId: number | null; revertedAt: Date | null }>;
export type ExclusionRevertedEvent = Event<"exclusion_reverted", { by: string | null; excludedAt: Date }>;

export type ItemEvent =
  | ImportEvent
  | SuggestionEvent
  | AnnotationEvent
  | SkipEvent
  | SkipUndoneEvent
  | DecisionEvent
  | SendBackEvent
  | ReviewRequestEvent
  | ResolutionEvent
  | ExportEvent
  | ExclusionEvent
  | ExclusionRevertedEvent;

export type ItemHistory = { item: HistoryItem; resolution: CurrentResolution | null; events: ItemEvent[] };

/** Among events at the same millisecond, the order in which one causes the next. */
const CAUSAL_ORDER: Record<ItemEvent["kind"], number> = {
  import: 0,
  suggestion: 1,
  annotation: 2,
  skip: 3,
  skip_undone: 4,
  decision: 5,
  send_back: 5,
  review_requested: 5,
  resolution: 6,
  // An exclusion made in the same millisecond as a snapshot did not stop it: the snapshot came first.
  export: 7,
  excluded: 8,
  exclusion_reverted: 9,
};

/** The item's story, oldest first; null when the item is not in the project. */
export async function itemHistory({ db, projectId, itemId }: { db: Executor; projectId: string; itemId: number }): Promise<ItemHistory | null> {
  const item = (
    await db
      .select({
        id: items.id,
        externalId: items.externalId,
        text: items.text,
        metadata: items.metadata,
        createdAt: items.createdAt,
        batchId: importBatches.id,
        fileName: importBatches.fileName,
        format: importBatches.format,
        importLine: items.importLine,
        batchAt: importBatches.createdAt,
        importedBy: users.name,
      })
      .from(items)
      .leftJoin(importBatches, eq(importBatches.id, items.importBatchId))
      .leftJoin(users, eq(users.id, importBatches.createdBy))
      .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
      .limit(1)
  )[0];
  if (!item) return null;

  const events: ItemEvent[] = [];
  const importBatch = item.batchId === null ? null : { id: item.batchId, fileName: item.fileName!, format: item.format!, line: item.importLine };
  if (importBatch) events.push({ kind: "import", at: item.batchAt!, batchId: importBatch.id, fileName: importBatch.fileName, format: importBatch.format, line: importBatch.line, by: item.importedBy });

  events.push(...(await suggestionEvents(db, itemId)));
  events.push(...(await annotationEvents(db, itemId)));
  events.push(...(await skipEvents(db, itemId)));
  events.push(...(await reviewEvents(db, itemId, item.text)));
  const resolution = await currentResolution(db, itemId);
  if (resolution) {
    const { updatedAt, ...current } = resolution;
    events.push({ kind: "resolution", at: updatedAt, ...current });
  }
  events.push(...(await exportEvents(db, projectId, itemId)));
  events.push(...(await exclusionEvents(db, itemId)));

  return {
    item: { id: item.id, externalId: item.externalId, text: item.text, metadata: item.metadata, createdAt: item.createdAt, importBatch },
    resolution: resolution ? (({ updatedAt: _, ...current }) => current)(resolution) : null,
    events: inTimeOrder(events),
  };
}

async function suggestionEvents(db: Executor, itemId: number): Promise<SuggestionEvent[]> {
  const rows = await db
    .select({ suggestion: suggestions, importFileName: importBatches.fileName })
    .from(suggestions)
    .leftJoin(importBatches, eq(importBatches.id, suggestions.importBatchId))
    .where(eq(suggestions.itemId, itemId))
    .orderBy(asc(suggestions.id));
  return rows.map(({ suggestion: s, importFileName }) => ({
    kind: "suggestion",
    at: s.createdAt,
    id: s.id,
    sourceKind: s.sourceKind,
    modelName: s.modelName,
    modelVersion: s.modelVersion,
    promptVersion: s.promptVersion,
    promptHash: s.promptHash,
    parameters: s.parameters,
    rawOutput: s.rawOutput,
    labels: s.labels,
    confidence: s.confidence,
    rationale: s.rationale,
    status: s.status,
    error: s.error,
    latencyMs: s.latencyMs,
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    attempts: s.attempts,
    runId: s.runId,
    importFileName,
  }));
}

/** Every annotation row of the item, each with the row it replaces and the row that replaced it. */
async function annotationEvents(db: Executor, itemId: number): Promise<AnnotationEvent[]> {
  const rows = await db
    .select({ annotation: annotations, annotator: users.name, importFileName: importBatches.fileName })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .leftJoin(importBatches, eq(importBatches.id, annotations.importBatchId))
    .where(eq(annotations.itemId, itemId));
  const byId = new Map(rows.map((r) => [r.annotation.id, r.annotation]));
  const replacedBy = new Map<string, AnnotationLink>();
  for (const { annotation: a } of rows) if (a.supersedesId) replacedBy.set(a.supersedesId, { id: a.id, at: a.createdAt, kind: a.kind });
  const link = (id: string | null): AnnotationLink | null => {
    const row = id === null ? undefined : byId.get(id);
    return row ? { id: row.id, at: row.createdAt, kind: row.kind } : null;
  };
  return rows.map(({ annotation: a, annotator, importFileName }) => ({
    kind: "annotation" as const,
    at: a.createdAt,
    id: a.id,
    annotationKind: a.kind,
    annotator,
    labels: a.labels,
    notSure: a.notSure,
    notSureReason: a.notSureReason,
    note: a.note,
    timeSpentMs: a.timeSpentMs,
    suggestionId: a.suggestionId,
    suggestionShown: a.suggestionShown,
    suggestionAction: a.suggestionAction,
    source: a.source,
    importFileName,
    replaces: link(a.supersedesId),
    replacedBy: replacedBy.get(a.id) ?? null,
    chainDepth: chainDepth(a.id, byId),
  }))
    .sort((x, y) => x.chainDepth - y.chainDepth)
    .map(({ chainDepth: _, ...event }) => event);
}

/** How many rows precede `id` in its supersede chain: a replacement written in the same millisecond still comes after what it replaces. */
function chainDepth(id: string, byId: ReadonlyMap<string, { supersedesId: string | null }>): number {
  let depth = 0;
  for (let row = byId.get(id); row?.supersedesId && depth <= byId.size; row = byId.get(row.supersedesId)) depth++;
  return depth;
}

async function skipEvents(db: Executor, itemId: number): Promise<(SkipEvent | SkipUndoneEvent)[]> {
  const rows = await db
    .select({ reason: skips.reason, undoneAt: skips.undoneAt, createdAt: skips.createdAt, by: users.name })
    .from(skips)
    .innerJoin(users, eq(users.id, skips.userId))
    .where(eq(skips.itemId, itemId))
    .orderBy(asc(skips.id));
  return rows.flatMap((s): (SkipEvent | SkipUndoneEvent)[] => [
    { kind: "skip", at: s.createdAt, by: s.by, reason: s.reason, undoneAt: s.undoneAt },
    ...(s.undoneAt ? [{ kind: "skip_undone" as const, at: s.undoneAt, by: s.by, skippedAt: s.createdAt }] : []),
  ]);
}

async function reviewEvents(db: Executor, itemId: number, text: string): Promise<(DecisionEvent | SendBackEvent | ReviewRequestEvent)[]> {
  const rows = await itemAdjudications({ db, itemId });
  const sourceIds = [...new Set(rows.flatMap((d) => (d.spans ?? []).flatMap((span) => span.from ?? [])))];
  const nameOf = new Map(
    sourceIds.length === 0 ? [] : (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, sourceIds))).map((u) => [u.id, u.name]),
  );
  const offsets = new TextOffsets(text);
  const decidedSpans = (spans: readonly AdjudicatedSpan[]): DecidedSpan[] =>
    spans.map((span) => ({
      start: span.start,
      end: span.end,
      label: span.label,
      text: span.start >= 0 && span.end <= offsets.codePointCount ? offsets.slice(span.start, span.end) : "",
      // By name, so the page reads the same whatever the ids are.
      from: (span.from ?? []).map((id) => nameOf.get(id) ?? id).sort(),
    }));
  return rows.map((d): DecisionEvent | SendBackEvent | ReviewRequestEvent => {
    switch (d.action) {
      case "decide":
        return { kind: "decision", at: d.createdAt, reviewer: d.reviewer, labels: d.labels, rationale: d.rationale, ...(d.spans ? { spans: decidedSpans(d.spans) } : {}) };
      case "send_back":
        return { kind: "send_back", at: d.createdAt, reviewer: d.reviewer, extraAnnotations: d.extraAnnotations, rationale: d.rationale };
      case "request_review":
        return { kind: "review_requested", at: d.createdAt, by: d.reviewer, rationale: d.rationale };
    }
  });
}

async function currentResolution(db: Executor, itemId: number): Promise<(CurrentResolution & { updatedAt: Date }) | undefined> {
  const row = (
    await db
      .select({
        method: itemResolutions.method,
        labels: itemResolutions.labels,
        agreement: itemResolutions.agreement,
        posterior: itemResolutions.posterior,
        annotators: itemResolutions.annotators,
        notSure: itemResolutions.notSure,
        reviewNeed: itemResolutions.reviewNeed,
        reviewReasons: itemResolutions.reviewReasons,
        spans: itemResolutions.spans,
        updatedAt: itemResolutions.updatedAt,
      })
      .from(itemResolutions)
      .where(eq(itemResolutions.itemId, itemId))
      .limit(1)
  )[0];
  if (!row) return undefined;
  // Only a spans item's resolution carries spans; a classification item's reads as before.
  const { spans, ...rest } = row;
  return spans ? { ...rest, spans } : rest;
}

/**
 * The snapshots holding the item. export_snapshot_records has no index leading with item_id, so
 * the read starts from the project's snapshots (export_snapshots_project_name_uq) and looks each
 * one's record up by its primary key (snapshot_id, item_id): bounded by the project's snapshots.
 */
async function exportEvents(db: Executor, projectId: string, itemId: number): Promise<ExportEvent[]> {
  const creator = alias(users, "snapshot_creator");
  const rows = await db
    .select({
      snapshotId: exportSnapshots.id,
      name: exportSnapshots.name,
      counts: exportSnapshots.counts,
      hashes: exportSnapshots.hashes,
      createdAt: exportSnapshots.createdAt,
      by: creator.name,
      record: exportSnapshotRecords.record,
    })
    .from(exportSnapshots)
    .innerJoin(exportSnapshotRecords, and(eq(exportSnapshotRecords.snapshotId, exportSnapshots.id), eq(exportSnapshotRecords.itemId, itemId)))
    .leftJoin(creator, eq(creator.id, exportSnapshots.createdBy))
    .where(eq(exportSnapshots.projectId, projectId))
    .orderBy(asc(exportSnapshots.id));
  // A snapshot still being frozen (or left unfinished by a crash) is not an export yet.
  const frozen = rows.filter((s) => isFrozen(s));
  const writes = await formatWrites(db, projectId, frozen.map((s) => s.snapshotId));
  return frozen
    .map((s) => ({
      kind: "export",
      at: s.createdAt,
      snapshotId: s.snapshotId,
      name: s.name,
      by: s.by,
      labels: s.record.labels,
      decidedBy: s.record.decidedBy,
      split: s.record.split ?? null,
      formats: Object.keys(s.hashes)
        .sort()
        .map((format) => ({ format, writtenAt: writes.get(`${s.snapshotId}:${format}`) ?? [] })),
    }));
}

/**
 * When each format of the given snapshots was written, keyed "snapshot:format": the audit log's
 * "export.write" rows (one per write, a re-export included). Read through audit_project_idx, so
 * bounded by the project's audit rows, not the item count.
 */
async function formatWrites(db: Executor, projectId: string, snapshotIds: number[]): Promise<Map<string, Date[]>> {
  const writes = new Map<string, Date[]>();
  if (snapshotIds.length === 0) return writes;
  const rows = await db
    .select({ snapshotId: auditLog.targetId, details: auditLog.details, at: auditLog.createdAt })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.projectId, projectId),
        eq(auditLog.action, "export.write"),
        eq(auditLog.targetType, "export_snapshot"),
        inArray(auditLog.targetId, snapshotIds.map(String)),
      ),
    )
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
  for (const row of rows) {
    const format = row.details.format;
    if (typeof format !== "string") continue;
    const key = `${row.snapshotId}:${format}`;
    writes.set(key, [...(writes.get(key) ?? []), row.at]);
  }
  return writes;
}

async function exclusionEvents(db: Executor, itemId: number): Promise<(ExclusionEvent | ExclusionRevertedEvent)[]> {
  return (await itemExclusionRecords({ db, itemId })).flatMap((e): (ExclusionEvent | ExclusionRevertedEvent)[] => [
    { kind: "excluded", at: e.at, by: e.by, reason: e.reason, jobId: e.jobId, revertedAt: e.revertedAt },
    ...(e.revertedAt ? [{ kind: "exclusion_reverted" as const, at: e.revertedAt, by: e.revertedBy, excludedAt: e.at }] : []),
  ]);
}

/** Oldest first; events of the same millisecond in causal order, otherwise in the order they were read. */
function inTimeOrder(events: ItemEvent[]): ItemEvent[] {
  return events
    .map((event, read) => ({ event, read }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || CAUSAL_ORDER[a.event.kind] - CAUSAL_ORDER[b.event.kind] || a.read - b.read)
    .map(({ event }) => event);
}
