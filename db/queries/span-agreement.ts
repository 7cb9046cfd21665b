// Span agreement of a spans project (lib/agreement/spans/span-agreement.ts) over its current
// annotations: entity F1 exact and partial and Krippendorff's αu, per annotator pair and per entity
// type, with bootstrap intervals over items. Annotators are named as in the classification report.
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { annotations, items, labels, users } from "../schema";
import type { Executor } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { projectLabelNames } from "./label-names";
import { codePointLength } from "@/lib/spans/offsets";
import {
  summarizeSpanAgreement,
  type SpanAgreementOptions,
  type SpanAnnotation,
  type SpanAgreementSummary,
} from "@/lib/agreement/spans/span-agreement";

/** Resamples for the intervals: enough for a stable 95% interval on a page read, few enough to answer quickly. */
export const SPAN_AGREEMENT_RESAMPLES = 200;

/** Computes the summary from the rows read here: in this thread, or on a worker thread (lib/agreement/server/agreement-thread.ts). */
export type SpanAgreementSummarizer = (annotations: SpanAnnotation[], options: SpanAgreementOptions) => Promise<SpanAgreementSummary>;

const inThisThread: SpanAgreementSummarizer = async (annotations, options) => summarizeSpanAgreement(annotations, options);

export async function spanAgreementReport({
  db,
  projectId,
  resamples = SPAN_AGREEMENT_RESAMPLES,
  summarize = inThisThread,
}: {
  db: Executor;
  projectId: string;
  resamples?: number;
  summarize?: SpanAgreementSummarizer;
}): Promise<SpanAgreementSummary> {
  const rows = await db
    .select({ itemId: annotations.itemId, annotator: users.name, spans: annotations.spans, text: items.text })
    .from(annotations)
    .innerJoin(items, eq(items.id, annotations.itemId))
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.kind, "label"), isCurrentAnnotation))
    .orderBy(asc(annotations.itemId), asc(annotations.annotatorId));
  // Spans count under the names they read as today, like the classification report's labels.
  const names = await projectLabelNames({ db, projectId });
  const entityTypes = (
    await db
      .select({ name: labels.name })
      .from(labels)
      .where(and(eq(labels.projectId, projectId), eq(labels.kind, "entity")))
      .orderBy(asc(labels.position), asc(labels.id))
  )
    .map((label) => label.name)
    .filter((name) => names.read(name) === name);
  const itemLengths = new Map<string, number>();
  for (const row of rows) if (!itemLengths.has(String(row.itemId))) itemLengths.set(String(row.itemId), codePointLength(row.text));
  return summarize(
    rows.map((row) => ({
      item: String(row.itemId),
      annotator: row.annotator,
      spans: (row.spans ?? []).map((span) => ({ start: span.start, end: span.end, label: names.read(span.label) })),
    })),
    { itemLengths, labels: entityTypes, resamples },
  );
}
