// Keeps item_resolutions in step with annotations, adjudications, LLM suggestions and the
// project's Dawid–Skene fit: called inside every transaction that changes one of them, for the
// items it touched, and over a whole project after a refit or a change of review settings.
import "server-only";
import { and, asc, between, desc, eq, sql } from "drizzle-orm";
import { adjudications, annotations, itemResolutions, items, projects, suggestions, type StoredSpan, type TaskType } from "../schema";
import type { Db, Executor } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { resolveItem, type ItemResolution } from "@/lib/aggregate/resolve-item";
import { resolveSpanItem } from "@/lib/aggregate/resolve-span-item";
import { multiLabelVerdict, singleLabelVerdict, type StoredDawidSkene } from "@/lib/aggregate/dawid-skene-model";
import { reviewNeed } from "@/lib/review/review-need";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";
import { latestDawidSkeneFit } from "./dawid-skene";
import { projectItemWindows } from "./items";
import { prepared } from "../prepared";
import { projectLabelNames } from "./label-names";
import type { LabelNames } from "@/lib/projects/label-names";

export interface CurrentAnnotation {
  annotatorId: string;
  labels: string[];
  /** Spans projects: the entities marked; null elsewhere. */
  spans: StoredSpan[] | null;
  notSure: boolean;
}

export async function currentLabelAnnotations(tx: Executor, itemId: number): Promise<CurrentAnnotation[]> {
  return await tx
    .select({ annotatorId: annotations.annotatorId, labels: annotations.labels, spans: annotations.spans, notSure: annotations.notSure })
    .from(annotations)
    .where(and(eq(annotations.itemId, itemId), eq(annotations.kind, "label"), isCurrentAnnotation));
}

export async function latestAdjudication(tx: Executor, itemId: number) {
  return (
    await tx.select().from(adjudications).where(eq(adjudications.itemId, itemId)).orderBy(desc(adjudications.createdAt), desc(adjudications.id)).limit(1)
  )[0];
}

/** What every item of a project is resolved against: its settings and its latest Dawid–Skene fit. */
interface ProjectContext {
  projectId: string;
  taskType: TaskType;
  multiLabel: boolean;
  overlap: number;
  settings: WorkflowSettings;
  dawidSkene: StoredDawidSkene | null;
  /** Stored names as they read after renames and merges: every vote is counted under its current name. */
  names: LabelNames;
}

interface ItemFacts {
  itemId: number;
  labelledBy: number;
  extra: number;
  current: readonly CurrentAnnotation[];
  /** Labels of the latest adjudication when it decided the item; null when none or sent back. */
  decided: readonly string[] | null;
  /** Spans projects: the spans that adjudication decided. */
  decidedSpans: readonly StoredSpan[] | null;
  /** The latest adjudication sent the item back for more annotations. */
  sentBack: boolean;
  llmLabels: readonly string[] | null;
}

async function projectContext(tx: Executor, projectId: string): Promise<ProjectContext> {
  const project = (
    await tx
      .select({ taskType: projects.taskType, overlap: projects.overlap, settings: projects.settings })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1)
  )[0];
  if (!project) throw new Error(`project ${projectId} does not exist`);
  const names = await projectLabelNames({ db: tx, projectId });
  return {
    projectId,
    taskType: project.taskType,
    multiLabel: project.taskType === "multi_label",
    overlap: project.overlap,
    settings: workflowSettings(project.settings),
    dawidSkene: modelUnderTodaysNames((await latestDawidSkeneFit({ db: tx, projectId }))?.model ?? null, names),
    names,
  };
}

/**
 * A model fitted before a rename or merge knows labels by their old names; until the refit the
 * change queued replaces it, its classes are read as today's names (a merged class and its target
 * both read as the target, and one of them takes the votes).
 */
function modelUnderTodaysNames(model: StoredDawidSkene | null, names: LabelNames): StoredDawidSkene | null {
  if (!model || names.changed.length === 0) return model;
  if (model.kind === "single-label") return { ...model, model: { ...model.model, classes: model.model.classes.map(names.read) } };
  return { ...model, perLabel: Object.fromEntries(Object.entries(model.perLabel).map(([label, perLabel]) => [names.read(label), perLabel])) };
}

/**
 * The item's resolution and review need. The Dawid–Skene posterior is computed from the latest fit
 * for items with two or more votes: with one vote it would only restate that annotator's overall
 * reliability, which is a fact about the annotator, not the item.
 */
function resolve(context: ProjectContext, stored: ItemFacts, now: Date) {
  const { settings, names } = context;
  const facts: ItemFacts = {
    ...stored,
    current: stored.current.map((a) => ({ ...a, labels: names.readAll(a.labels) })),
    decided: stored.decided && names.readAll(stored.decided),
    llmLabels: stored.llmLabels && names.readAll(stored.llmLabels),
  };
  const thresholds = { dawidSkenePosterior: settings.review.dawidSkenePosterior };
  const useDawidSkene = settings.review.aggregation === "dawid-skene";
  let resolution: ItemResolution;
  let spans: StoredSpan[] | null = null;
  let posterior: number | null = null;
  if (context.taskType === "spans") {
    const read = (list: readonly StoredSpan[] | null) => (list ?? []).map((span) => ({ start: span.start, end: span.end, label: names.read(span.label) }));
    const spanResolution = resolveSpanItem({
      annotations: facts.current.map((a) => ({ spans: read(a.spans), labels: a.labels, notSure: a.notSure })),
      adjudication: facts.decided ? { spans: read(facts.decidedSpans), labels: facts.decided } : null,
      majorityShare: settings.spans.majority,
    });
    ({ spans, ...resolution } = spanResolution);
  } else if (!context.multiLabel) {
    const votes = facts.current.flatMap((a) => (a.labels[0] === undefined ? [] : [{ annotator: a.annotatorId, label: a.labels[0] }]));
    const model = context.dawidSkene?.kind === "single-label" ? context.dawidSkene.model : null;
    const verdict = model && votes.length >= 2 ? singleLabelVerdict(model, votes) : null;
    resolution = resolveItem({
      kind: "single-label",
      annotations: facts.current.map((a) => ({ label: a.labels[0] ?? null, notSure: a.notSure })),
      adjudication: facts.decided ? { label: facts.decided[0]! } : null,
      dawidSkene: useDawidSkene && verdict ? { label: verdict.label, posterior: verdict.posterior } : null,
      thresholds,
    });
    if (verdict) posterior = resolution.method === "unresolved" ? verdict.posterior : verdict.posteriorOf(resolution.labels[0]!);
  } else {
    const voters = facts.current.filter((a) => !(a.notSure && a.labels.length === 0));
    const perLabel = context.dawidSkene?.kind === "multi-label" ? context.dawidSkene.perLabel : null;
    const verdict =
      perLabel && voters.length >= 2
        ? multiLabelVerdict(
            perLabel,
            voters.map((a) => ({ annotator: a.annotatorId, labels: a.labels })),
          )
        : null;
    resolution = resolveItem({
      kind: "multi-label",
      annotations: facts.current.map((a) => ({ labels: a.labels, notSure: a.notSure })),
      adjudication: facts.decided ? { labels: facts.decided } : null,
      dawidSkene: useDawidSkene && verdict ? { labels: verdict.labels, posterior: verdict.posterior } : null,
      thresholds,
    });
    if (verdict) posterior = resolution.method === "unresolved" ? verdict.posterior : verdict.posteriorOf(resolution.labels);
  }
  const notSure = facts.current.filter((a) => a.notSure).length;
  const awaitingAnnotations = facts.labelledBy < context.overlap + facts.extra;
  const need = reviewNeed({
    resolution,
    notSure,
    awaitingAnnotations,
    awaitingRequestedAnnotations: facts.sentBack && awaitingAnnotations,
    // An LLM's item labels say nothing about the spans that decide a spans item.
    llmLabels: context.taskType === "spans" ? null : facts.llmLabels,
    agreementThreshold: settings.review.agreementThreshold,
    posterior,
    posteriorThreshold: settings.review.dawidSkenePosterior,
  });
  const row = {
    projectId: context.projectId,
    method: resolution.method,
    labels: resolution.labels,
    spans,
    agreement: resolution.agreement,
    posterior,
    annotators: facts.current.length,
    notSure,
    reviewNeed: need.need,
    reviewReasons: need.reasons,
    updatedAt: now,
  };
  return { resolution, row };
}

type ResolutionRow = ReturnType<typeof resolve>["row"];

async function save(tx: Executor, itemId: number, row: ResolutionRow): Promise<void> {
  await tx
    .insert(itemResolutions)
    .values({ itemId, ...row })
    .onConflictDoUpdate({ target: itemResolutions.itemId, set: row });
}

const UPSERTED = ["projectId", "method", "labels", "spans", "agreement", "posterior", "annotators", "notSure", "reviewNeed", "reviewReasons", "updatedAt"] as const;

/**
 * The same upsert as `save`, prepared once for a bulk refresh: building a drizzle query per row
 * cost more than resolving the item. `excluded.*` (SQLite and PostgreSQL alike) reuses the values.
 */
function prepareSave(tx: Executor): (itemId: number, row: ResolutionRow) => Promise<void> {
  const statement = prepared(
    tx
      .insert(itemResolutions)
      .values({
        itemId: sql.placeholder("itemId"),
        projectId: sql.placeholder("projectId"),
        method: sql.placeholder("method"),
        labels: sql.placeholder("labels"),
        spans: sql.placeholder("spans"),
        agreement: sql.placeholder("agreement"),
        posterior: sql.placeholder("posterior"),
        annotators: sql.placeholder("annotators"),
        notSure: sql.placeholder("notSure"),
        reviewNeed: sql.placeholder("reviewNeed"),
        reviewReasons: sql.placeholder("reviewReasons"),
        updatedAt: sql.placeholder("updatedAt"),
      })
      .onConflictDoUpdate({
        target: itemResolutions.itemId,
        set: Object.fromEntries(UPSERTED.map((column) => [column, sql.raw(`excluded.${itemResolutions[column].name}`)])),
      }),
  );
  return async (itemId, row) => {
    await statement.execute({ itemId, ...row });
  };
}

/** The item's resolution as stored; a spans item's carries its accepted spans. */
export async function refreshItemResolution(tx: Executor, itemId: number, now = new Date()): Promise<ItemResolution & { spans?: StoredSpan[] | null }> {
  const item = (
    await tx
      .select({ projectId: items.projectId, labelledBy: items.labelledBy, extra: items.extraAnnotations })
      .from(items)
      .where(eq(items.id, itemId))
      .limit(1)
  )[0];
  if (!item) throw new Error(`item ${itemId} does not exist`);
  const adjudication = await latestAdjudication(tx, itemId);
  const llm = (
    await tx
      .select({ labels: suggestions.labels })
      .from(suggestions)
      .where(and(eq(suggestions.itemId, itemId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
      .orderBy(desc(suggestions.id))
      .limit(1)
  )[0];
  const context = await projectContext(tx, item.projectId);
  const { resolution, row } = resolve(
    context,
    {
      itemId,
      labelledBy: item.labelledBy,
      extra: item.extra,
      current: await currentLabelAnnotations(tx, itemId),
      decided: adjudication?.action === "decide" ? adjudication.labels : null,
      decidedSpans: adjudication?.action === "decide" ? adjudication.spans : null,
      sentBack: adjudication?.action === "send_back",
      llmLabels: llm?.labels ?? null,
    },
    now,
  );
  await save(tx, itemId, row);
  return context.taskType === "spans" ? { ...resolution, spans: row.spans } : resolution;
}

/**
 * Refreshes the project's items with ids in [fromId, toId] (and, when `only` is given, just
 * those) with four range reads instead of four queries per item. The reads of annotations,
 * adjudications and suggestions filter on the item range alone, so SQLite walks their item
 * indexes: adding the project would let it pick a project index and scan the whole project for
 * every chunk. Rows of another project's items in the range are never looked up.
 */
export async function refreshItemRangeResolutions(
  tx: Executor,
  { projectId, fromId, toId, only, now = new Date() }: { projectId: string; fromId: number; toId: number; only?: ReadonlySet<number>; now?: Date },
): Promise<number> {
  const context = await projectContext(tx, projectId);
  // By id range alone, so SQLite walks the table's rowids (see projectItemWindows in items.ts).
  const rangeItems = (
    await tx
      .select({ id: items.id, projectId: items.projectId, labelledBy: items.labelledBy, extra: items.extraAnnotations })
      .from(items)
      .where(between(items.id, fromId, toId))
  ).filter((item) => item.projectId === projectId && (!only || only.has(item.id)));
  if (rangeItems.length === 0) return 0;

  const current = groupBy(
    await tx
      .select({ itemId: annotations.itemId, annotatorId: annotations.annotatorId, labels: annotations.labels, spans: annotations.spans, notSure: annotations.notSure })
      .from(annotations)
      .where(and(between(annotations.itemId, fromId, toId), eq(annotations.kind, "label"), isCurrentAnnotation)),
  );
  // Rows come oldest first, so the last one seen per item is the one in force.
  const decisions = new Map<number, { action: string; labels: readonly string[]; spans: readonly StoredSpan[] | null }>();
  for (const adjudication of await tx
    .select({ itemId: adjudications.itemId, action: adjudications.action, labels: adjudications.labels, spans: adjudications.spans })
    .from(adjudications)
    .where(between(adjudications.itemId, fromId, toId))
    .orderBy(asc(adjudications.createdAt), asc(adjudications.id))) {
    decisions.set(adjudication.itemId, adjudication);
  }
  const llmLabels = new Map<number, readonly string[]>();
  for (const suggestion of await tx
    .select({ itemId: suggestions.itemId, labels: suggestions.labels })
    .from(suggestions)
    .where(and(between(suggestions.itemId, fromId, toId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
    .orderBy(asc(suggestions.id))) {
    llmLabels.set(suggestion.itemId, suggestion.labels);
  }

  const saveRow = prepareSave(tx);
  let refreshed = 0;
  for (const item of rangeItems) {
    // A project-wide pass leaves untouched items that nobody has annotated or decided: they have
    // nothing to resolve, and writing a row for each would fill the table with empty ones.
    if (!only && !current.has(item.id) && !decisions.has(item.id)) continue;
    const latest = decisions.get(item.id);
    const { row } = resolve(
      context,
      {
        itemId: item.id,
        labelledBy: item.labelledBy,
        extra: item.extra,
        current: current.get(item.id) ?? [],
        decided: latest?.action === "decide" ? latest.labels : null,
        decidedSpans: latest?.action === "decide" ? latest.spans : null,
        sentBack: latest?.action === "send_back",
        llmLabels: llmLabels.get(item.id) ?? null,
      },
      now,
    );
    await saveRow(item.id, row);
    refreshed++;
  }
  return refreshed;
}

/** Refreshes a set of items of one project, reading the range they span. */
export async function refreshItemsResolutions(
  tx: Executor,
  { projectId, itemIds, now }: { projectId: string; itemIds: Iterable<number>; now?: Date },
): Promise<number> {
  const only = new Set(itemIds);
  if (only.size === 0) return 0;
  let fromId = Infinity;
  let toId = -Infinity;
  for (const id of only) {
    fromId = Math.min(fromId, id);
    toId = Math.max(toId, id);
  }
  return await refreshItemRangeResolutions(tx, { projectId, fromId, toId, only, now });
}

/**
 * Every item of a project, in chunks of `chunk` items, each chunk read and written in its own
 * transaction (so every row is consistent with what it was computed from) and the event loop
 * given back between chunks: a refit of a large project must not stall the server.
 */
export async function refreshProjectResolutions({ db, projectId, chunk = 500 }: { db: Db; projectId: string; chunk?: number }): Promise<number> {
  let refreshed = 0;
  for await (const { fromId, toId } of projectItemWindows({ db, projectId, width: chunk })) {
    refreshed += await db.transaction(async (tx) => await refreshItemRangeResolutions(tx, { projectId, fromId, toId }));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return refreshed;
}

function groupBy(rows: readonly (CurrentAnnotation & { itemId: number })[]): Map<number, CurrentAnnotation[]> {
  const grouped = new Map<number, CurrentAnnotation[]>();
  for (const { itemId, ...annotation } of rows) {
    const list = grouped.get(itemId);
    if (list) list.push(annotation);
    else grouped.set(itemId, [annotation]);
  }
  return grouped;
}
