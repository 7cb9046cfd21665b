// Agreement snapshots: the current ratings of a project run through lib/agreement and stored
// with a timestamp, so the insights page can show the trend.
import "server-only";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { agreementSnapshots, annotations, itemResolutions, projectCounts, projects, users, AGREEMENT_TRIGGERS } from "../schema";
import type { Db, Executor } from "../index";
import { projectLabelNames } from "./label-names";
import { isCurrentAnnotation } from "./current-annotations";
import { listLabels } from "./projects";
import type { AgreementSummary } from "@/lib/agreement/summarize";
import { inThreadSummarizer, type AgreementSummarizer } from "@/lib/agreement/project-ratings";
import { yieldToEventLoop } from "../event-loop";
import { jsonAsText, withoutIndex } from "../dialect/sql";

export type AgreementTrigger = (typeof AGREEMENT_TRIGGERS)[number];

/** The project's current labels: label annotations nothing supersedes (an edit or a retraction would). */
const currentLabelsOf = (projectId: string) => and(eq(annotations.projectId, projectId), eq(annotations.kind, "label"), isCurrentAnnotation);

/** How many current labels one read takes: a page keeps each read (and the loop it holds) short. */
const RATINGS_PAGE = 2_000;

/**
 * Current labels, one per annotator and item, ordered by item (which lib/agreement encodes fastest),
 * a page at a time by (item, annotator, id): the order of annotations_item_annotator_idx (ties of
 * one annotator on one item aside), so each page starts where the last ended in the index.
 */
export async function* currentRatingPages({ db, projectId, pageSize = RATINGS_PAGE }: { db: Executor; projectId: string; pageSize?: number }) {
  let after: { itemId: number; annotatorId: string; id: string } | null = null;
  for (;;) {
    const page = await db
      .select({ id: annotations.id, itemId: annotations.itemId, annotatorId: annotations.annotatorId, labels: annotations.labels, notSure: annotations.notSure })
      .from(annotations)
      .where(
        and(
          // Not the project's index: SQLite would take it and sort the whole project for every page.
          sql`${withoutIndex(annotations.projectId)} = ${projectId}`,
          eq(annotations.kind, "label"),
          isCurrentAnnotation,
          after ? sql`(${annotations.itemId}, ${annotations.annotatorId}, ${annotations.id}) > (${after.itemId}, ${after.annotatorId}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(annotations.itemId), asc(annotations.annotatorId), asc(annotations.id))
      .limit(pageSize);
    if (page.length === 0) return;
    yield page;
    const last: { itemId: number; annotatorId: string; id: string } = page[page.length - 1]!;
    after = { itemId: last.itemId, annotatorId: last.annotatorId, id: last.id };
    if (page.length < pageSize) return;
  }
}

/** Every label submission ever made, superseded or not: it grows by one per submit. */
/** Label rows ever written in the project, from the trigger-kept project_counts row. */
export async function countLabelSubmissions({ db, projectId }: { db: Executor; projectId: string }): Promise<number> {
  return (await db.select({ n: projectCounts.labelSubmissions }).from(projectCounts).where(eq(projectCounts.projectId, projectId)).limit(1))[0]?.n ?? 0;
}

/**
 * The project's agreement over its current labels. The reads run here, a page at a time with the
 * event loop free between pages; the computing runs wherever `summarizer` does (a job passes one
 * on its worker thread).
 */
export async function computeAgreement({
  db,
  projectId,
  resamples = 200,
  summarizer = inThreadSummarizer(),
}: {
  db: Executor;
  projectId: string;
  resamples?: number;
  summarizer?: AgreementSummarizer;
}): Promise<{
  summary: AgreementSummary;
  annotationCount: number;
}> {
  const project = (await db.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  if (!project) throw new Error(`project ${projectId} does not exist`);
  const names = new Map((await db.select({ id: users.id, name: users.name }).from(users)).map((u) => [u.id, u.name]));
  const annotator = (id: string) => names.get(id) ?? id;
  // Two annotators agree when their labels read the same today, whatever names were stored.
  const labelNames = await projectLabelNames({ db, projectId });
  let annotationCount = 0;
  for await (const page of currentRatingPages({ db, projectId })) {
    annotationCount += page.length;
    await summarizer.add(page.map((r) => ({ item: String(r.itemId), annotator: annotator(r.annotatorId), labels: labelNames.readAll(r.labels) })));
    await yieldToEventLoop();
  }
  const adjudicated = await db
    .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
    .from(itemResolutions)
    .where(and(eq(itemResolutions.projectId, projectId), eq(itemResolutions.method, "adjudicated")));
  // A decision without labels (a spans item decided on its spans alone) carries no reference label,
  // as an annotation without labels carries no rating.
  const reference = adjudicated.filter((a) => a.labels.length > 0).map((a) => [String(a.itemId), labelNames.readAll(a.labels)] as const);
  const summary = await summarizer.summarize({ multi: project.taskType === "multi_label", resamples, reference });
  return { summary, annotationCount };
}

export async function saveAgreementSnapshot({
  db,
  projectId,
  trigger,
  createdBy = null,
  resamples,
  summarizer,
}: {
  db: Db;
  projectId: string;
  trigger: AgreementTrigger;
  createdBy?: string | null;
  resamples?: number;
  summarizer?: AgreementSummarizer;
}) {
  const { summary, annotationCount } = await computeAgreement({ db, projectId, resamples, summarizer });
  return (
    await db
      .insert(agreementSnapshots)
      .values({ projectId, trigger, annotationCount, summary, createdBy, createdAt: new Date() })
      .returning()
  )[0]!;
}

export async function listAgreementSnapshots({ db, projectId, limit = 200 }: { db: Executor; projectId: string; limit?: number }) {
  return (
    await db
      .select()
      .from(agreementSnapshots)
      .where(eq(agreementSnapshots.projectId, projectId))
      .orderBy(desc(agreementSnapshots.createdAt), desc(agreementSnapshots.id))
      .limit(limit)
  ).reverse();
}

/**
 * Above this many label submissions, a snapshot taken while a page waits leaves out the bootstrap
 * intervals: the figures themselves take one pass over the ratings, the intervals 200 more.
 */
export const FIRST_SNAPSHOT_FULL_LIMIT = 20_000;

/**
 * The project's snapshots for the insights page, taking the first one now when there is none yet,
 * so the headline shows on the first visit. Usually that is a small project: an annotation import
 * and every 50th label take a snapshot. A large project without one (labels written before
 * snapshots existed) gets its figures without intervals, which the next snapshot adds; either way
 * it is paid once. With no label at all there is nothing to compute and nothing is stored.
 */
export async function agreementSnapshotsTakingFirst({
  db,
  projectId,
  createdBy,
  fullLimit = FIRST_SNAPSHOT_FULL_LIMIT,
  withSummarizer = (work) => work(inThreadSummarizer()),
}: {
  db: Db;
  projectId: string;
  createdBy: string;
  fullLimit?: number;
  /** Runs `work` with the summarizer that computes the first snapshot (the page passes one on a worker thread). */
  withSummarizer?: <T>(work: (summarizer: AgreementSummarizer) => Promise<T>) => Promise<T>;
}) {
  const snapshots = await listAgreementSnapshots({ db, projectId });
  if (snapshots.length > 0) return snapshots;
  const submissions = await countLabelSubmissions({ db, projectId });
  if (submissions === 0) return snapshots;
  const resamples = submissions > fullLimit ? 0 : undefined;
  return [await withSummarizer((summarizer) => saveAgreementSnapshot({ db, projectId, trigger: "manual", createdBy, resamples, summarizer }))];
}

export type NotSureRate = { label: string; total: number; notSure: number; rate: number };

const NO_LABEL = "(no label)";

/**
 * Not-sure share per label among current annotations, and for annotations with no label: in the
 * project's label order, then labels no longer in the set by name, then "(no label)". The database
 * counts per distinct label set (a handful of rows, however many annotations); an annotation with
 * several labels counts once for each.
 */
export async function notSureRates({ db, projectId }: { db: Executor; projectId: string }): Promise<NotSureRate[]> {
  // Grouped by the stored text; read back through the column's own decoder (parsed as string[]).
  const labelSet = jsonAsText(annotations.labels).mapWith(annotations.labels);
  const sets = await db
    .select({ labels: labelSet, total: count(), notSure: count(sql`case when ${eq(annotations.notSure, true)} then 1 end`) })
    .from(annotations)
    .where(currentLabelsOf(projectId))
    .groupBy(labelSet);
  const names = await projectLabelNames({ db, projectId });
  const tally = new Map<string, { total: number; notSure: number }>();
  for (const set of sets) {
    const read = names.readAll(set.labels);
    for (const label of read.length > 0 ? read : [NO_LABEL]) {
      const t = tally.get(label) ?? { total: 0, notSure: 0 };
      t.total += set.total;
      t.notSure += set.notSure;
      tally.set(label, t);
    }
  }
  const position = new Map((await listLabels({ db, projectId })).map((label) => [label.name, label.position]));
  const rank = (label: string) => (label === NO_LABEL ? 2 : position.has(label) ? 0 : 1);
  return [...tally.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (position.get(a) ?? 0) - (position.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, t]) => ({ label, total: t.total, notSure: t.notSure, rate: t.notSure / t.total }));
}
