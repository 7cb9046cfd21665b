// Agreement snapshots: the current ratings of a project run through lib/agreement and stored
// with a timestamp, so the insights page can show the trend.
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { agreementSnapshots, annotations, itemResolutions, projects, users, AGREEMENT_TRIGGERS } from "../schema";
import type { Db, Executor } from "../index";
import { summarizeAgreement, type AgreementSummary } from "@/lib/agreement/summarize";

export type AgreementTrigger = (typeof AGREEMENT_TRIGGERS)[number];

/** Current labels, one per annotator and item, ordered by item (which lib/agreement encodes fastest). */
export function currentRatings({ db, projectId }: { db: Executor; projectId: string }) {
  return db
    .select({ itemId: annotations.itemId, annotatorId: annotations.annotatorId, labels: annotations.labels, notSure: annotations.notSure })
    .from(annotations)
    .where(
      and(
        eq(annotations.projectId, projectId),
        eq(annotations.kind, "label"),
        sql`not exists (select 1 from ${annotations} b where b.supersedes_id = ${annotations.id})`,
      ),
    )
    .orderBy(asc(annotations.itemId))
    .all();
}

/** Every label submission ever made, superseded or not: it grows by one per submit. */
export function countLabelSubmissions({ db, projectId }: { db: Executor; projectId: string }): number {
  return (
    db
      .select({ n: count() })
      .from(annotations)
      .where(and(eq(annotations.projectId, projectId), eq(annotations.kind, "label")))
      .get()?.n ?? 0
  );
}

export function computeAgreement({ db, projectId, resamples = 200 }: { db: Executor; projectId: string; resamples?: number }): {
  summary: AgreementSummary;
  annotationCount: number;
} {
  const project = db.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new Error(`project ${projectId} does not exist`);
  const rows = currentRatings({ db, projectId });
  const names = new Map(db.select({ id: users.id, name: users.name }).from(users).all().map((u) => [u.id, u.name]));
  const annotator = (id: string) => names.get(id) ?? id;
  const reference = new Map<string, string | readonly string[]>();
  const adjudicated = db
    .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels })
    .from(itemResolutions)
    .where(and(eq(itemResolutions.projectId, projectId), eq(itemResolutions.method, "adjudicated")))
    .all();
  const multi = project.taskType === "multi_label";
  for (const a of adjudicated) reference.set(String(a.itemId), multi ? a.labels : a.labels[0]!);
  // An annotation that is only "not sure" carries no rating.
  const rated = rows.filter((r) => r.labels.length > 0);
  const summary = multi
    ? summarizeAgreement(
        rated.map((r) => ({ item: String(r.itemId), annotator: annotator(r.annotatorId), value: r.labels })),
        { resamples, reference },
      )
    : summarizeAgreement(
        rated.map((r) => ({ item: String(r.itemId), annotator: annotator(r.annotatorId), value: r.labels[0]! })),
        { resamples, reference },
      );
  return { summary, annotationCount: rows.length };
}

export function saveAgreementSnapshot({
  db,
  projectId,
  trigger,
  createdBy = null,
}: {
  db: Db;
  projectId: string;
  trigger: AgreementTrigger;
  createdBy?: string | null;
}) {
  const { summary, annotationCount } = computeAgreement({ db, projectId });
  return db
    .insert(agreementSnapshots)
    .values({ projectId, trigger, annotationCount, summary: summary as unknown as Record<string, unknown>, createdBy, createdAt: new Date() })
    .returning()
    .get();
}

export function listAgreementSnapshots({ db, projectId, limit = 200 }: { db: Executor; projectId: string; limit?: number }) {
  return db
    .select()
    .from(agreementSnapshots)
    .where(eq(agreementSnapshots.projectId, projectId))
    .orderBy(desc(agreementSnapshots.createdAt), desc(agreementSnapshots.id))
    .limit(limit)
    .all()
    .reverse();
}

/** Not-sure share per label among current annotations, and for annotations with no label. */
export function notSureRates({ db, projectId }: { db: Executor; projectId: string }) {
  const rows = currentRatings({ db, projectId });
  const tally = new Map<string, { total: number; notSure: number }>();
  for (const r of rows) {
    for (const label of r.labels.length > 0 ? r.labels : ["(no label)"]) {
      const t = tally.get(label) ?? { total: 0, notSure: 0 };
      t.total++;
      if (r.notSure) t.notSure++;
      tally.set(label, t);
    }
  }
  return [...tally.entries()].map(([label, t]) => ({ label, total: t.total, notSure: t.notSure, rate: t.notSure / t.total }));
}
