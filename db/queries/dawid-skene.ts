// Project-wide Dawid–Skene fits: the current ratings of a project fitted with lib/aggregate and
// stored, so each item's posterior can be computed from the latest fit whenever it changes.
import "server-only";
import { and, between, count, desc, eq, isNotNull, lt, ne } from "drizzle-orm";
import { annotations, dawidSkeneFits, itemResolutions, labels as labelsTable, projects, DAWID_SKENE_TRIGGERS, type ResolutionMethod } from "../schema";
import type { Db, Executor } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { projectLabelNames } from "./label-names";
import { projectItemWindows } from "./items";
import { inThreadFitter, parseStoredDawidSkene, type DawidSkeneFitter, type FittedDawidSkene, type MultiLabelRow, type StoredDawidSkene } from "@/lib/aggregate/dawid-skene-model";
import { AnnotationEncoder } from "@/lib/aggregate/encode-annotations";

export type DawidSkeneTrigger = (typeof DAWID_SKENE_TRIGGERS)[number];

/**
 * Below this many items rated by two or more annotators the model cannot tell a reliable
 * annotator from a lucky one, so no fit is made.
 */
export const MIN_OVERLAPPING_ITEMS = 10;

/**
 * A little smoothing keeps an annotator who rated few items of a class from being taken as
 * certainly right (or wrong) about it, which would let one vote decide an item outright.
 */
export const APP_SMOOTHING = 0.01;

export interface DawidSkeneFitRecord {
  id: number;
  projectId: string;
  trigger: DawidSkeneTrigger;
  annotationCount: number;
  items: number;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
  createdAt: Date;
  model: StoredDawidSkene;
}

export type FitOutcome = { status: "fitted"; fit: DawidSkeneFitRecord } | { status: "skipped"; reason: string };

/**
 * Fits the project's current ratings (one per annotator and item; labels only, a bare "not sure"
 * carries none) and stores the model. Reads in one statement, fits without blocking the event
 * loop for long, and writes one row.
 */
export async function fitProjectDawidSkene({
  db,
  projectId,
  trigger,
  fitter = inThreadFitter,
}: {
  db: Db;
  projectId: string;
  trigger: DawidSkeneTrigger;
  /** Where EM runs: the refit job passes its worker thread's. */
  fitter?: DawidSkeneFitter;
}): Promise<FitOutcome> {
  const project = (await db.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  if (!project) throw new Error(`project ${projectId} does not exist`);
  // Span sets have no fixed classes to be confused between (lib/spans/resolve-spans.ts says why).
  if (project.taskType === "spans") return { status: "skipped", reason: "Dawid–Skene does not apply to span labelling: span items resolve by majority and review." };
  // Ratings count under the names they read as today; a label merged into another is no class of its own.
  const names = await projectLabelNames({ db, projectId });
  const labelNames = (
    await db.select({ name: labelsTable.name }).from(labelsTable).where(eq(labelsTable.projectId, projectId)).orderBy(labelsTable.position)
  )
    .map((label) => label.name)
    .filter((name) => names.read(name) === name);
  const multi = project.taskType === "multi_label";
  const known = new Set(labelNames);
  // Single-label ratings go straight into typed arrays as they are read; multi-label ones are
  // kept as rows, one binary encoding per label being made from them.
  const encoder = multi ? null : new AnnotationEncoder({ classes: labelNames }, 1 << 16);
  const multiRows: MultiLabelRow[] = [];
  // Ratings per item of the current range only (ranges never share an item): one map of every
  // item held the event loop each time it grew past a few hundred thousand entries.
  const raters = new Map<number, number>();
  let overlapping = 0;
  const endOfRange = () => {
    for (const n of raters.values()) if (n >= 2) overlapping++;
    raters.clear();
    encoder?.closeItems();
  };
  let annotationCount = 0;
  await forEachCurrentRating({ db, projectId, endOfRange }, (stored) => {
    const rating = { ...stored, labels: names.readAll(stored.labels) };
    if (multi) {
      if (rating.notSure && rating.labels.length === 0) return;
      multiRows.push({ item: String(rating.itemId), annotator: rating.annotatorId, labels: rating.labels.filter((label) => known.has(label)) });
    } else {
      const label = rating.labels[0];
      if (label === undefined || !known.has(label)) return;
      encoder!.add(String(rating.itemId), rating.annotatorId, label);
    }
    annotationCount++;
    raters.set(rating.itemId, (raters.get(rating.itemId) ?? 0) + 1);
  });
  if (overlapping < MIN_OVERLAPPING_ITEMS) {
    return { status: "skipped", reason: `${overlapping} items have two or more ratings; a fit needs ${MIN_OVERLAPPING_ITEMS}` };
  }
  const options = { smoothing: APP_SMOOTHING, maxIterations: 200 };
  const fitted: FittedDawidSkene = multi ? await fitter.fitMulti(multiRows, labelNames, options) : await fitter.fitSingle(encoder!.finish(), options);
  const row = (
    await db
      .insert(dawidSkeneFits)
      .values({
        projectId,
        trigger,
        annotationCount,
        items: fitted.items,
        iterations: fitted.iterations,
        converged: fitted.converged,
        logLikelihood: Number.isFinite(fitted.logLikelihood) ? fitted.logLikelihood : 0,
        params: fitted.stored,
      })
      .returning()
  )[0]!;
  return { status: "fitted", fit: toRecord(row) };
}

type Rating = { itemId: number; annotatorId: string; labels: string[]; notSure: boolean };

/**
 * The project's current ratings, read one item range at a time with the event loop given back in
 * between: one read of half a million rows held the server for half a second, and ranges of 5,000
 * items (10,000 ratings at overlap 2) still held it 50–180 ms each on a 300,000-item project; at
 * 1,500 the holds are a third of that for the same total. Filtering on the item range alone lets
 * SQLite walk the item index (see refreshItemRangeResolutions).
 */
async function forEachCurrentRating(
  { db, projectId, chunk = 1500, endOfRange }: { db: Db; projectId: string; chunk?: number; endOfRange: () => void },
  visit: (rating: Rating) => void,
): Promise<void> {
  for await (const { fromId, toId } of projectItemWindows({ db, projectId, width: chunk })) {
    const rows = await db
      .select({
        projectId: annotations.projectId,
        itemId: annotations.itemId,
        annotatorId: annotations.annotatorId,
        labels: annotations.labels,
        notSure: annotations.notSure,
      })
      .from(annotations)
      .where(and(between(annotations.itemId, fromId, toId), eq(annotations.kind, "label"), isCurrentAnnotation));
    for (const { projectId: rowProject, ...rating } of rows) if (rowProject === projectId) visit(rating);
    endOfRange();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const parsedModels = new Map<string, StoredDawidSkene>();

/**
 * The project's latest fit. Called on every resolution refresh, so the parsed model is cached by
 * project and fit id (fits are immutable rows).
 */
export async function latestDawidSkeneFit({ db, projectId }: { db: Executor; projectId: string }): Promise<DawidSkeneFitRecord | null> {
  const row = (
    await db.select(metadataColumns).from(dawidSkeneFits).where(eq(dawidSkeneFits.projectId, projectId)).orderBy(desc(dawidSkeneFits.id)).limit(1)
  )[0];
  if (!row) return null;
  const key = `${projectId}:${row.id}`;
  let model = parsedModels.get(key);
  if (!model) {
    // Only a fit this process has not seen yet costs reading and parsing its parameters.
    const { params } = (await db.select({ params: dawidSkeneFits.params }).from(dawidSkeneFits).where(eq(dawidSkeneFits.id, row.id)).limit(1))[0]!;
    model = parseStoredDawidSkene(params);
    if (parsedModels.size > 64) parsedModels.clear();
    parsedModels.set(key, model);
  }
  return { ...row, model };
}

const metadataColumns = {
  id: dawidSkeneFits.id,
  projectId: dawidSkeneFits.projectId,
  trigger: dawidSkeneFits.trigger,
  annotationCount: dawidSkeneFits.annotationCount,
  items: dawidSkeneFits.items,
  iterations: dawidSkeneFits.iterations,
  converged: dawidSkeneFits.converged,
  logLikelihood: dawidSkeneFits.logLikelihood,
  createdAt: dawidSkeneFits.createdAt,
};

function toRecord(row: typeof dawidSkeneFits.$inferSelect): DawidSkeneFitRecord {
  const { params, ...rest } = row;
  return { ...rest, model: parseStoredDawidSkene(params) };
}

/** How the project's items are resolved, and how many the model doubts, for the insights page. */
export async function resolutionBreakdown({ db, projectId, posteriorThreshold }: { db: Executor; projectId: string; posteriorThreshold: number }) {
  const methods = await db
    .select({ method: itemResolutions.method, n: count() })
    .from(itemResolutions)
    .where(eq(itemResolutions.projectId, projectId))
    .groupBy(itemResolutions.method);
  const scored =
    (
      await db
        .select({ n: count() })
        .from(itemResolutions)
        .where(and(eq(itemResolutions.projectId, projectId), isNotNull(itemResolutions.posterior)))
        .limit(1)
    )[0]?.n ?? 0;
  const doubted =
    (
      await db
        .select({ n: count() })
        .from(itemResolutions)
        .where(and(eq(itemResolutions.projectId, projectId), lt(itemResolutions.posterior, posteriorThreshold), ne(itemResolutions.method, "adjudicated")))
        .limit(1)
    )[0]?.n ?? 0;
  return { methods: Object.fromEntries(methods.map((m) => [m.method, m.n])) as Partial<Record<ResolutionMethod, number>>, scored, doubted };
}
