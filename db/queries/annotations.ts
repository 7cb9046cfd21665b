// Annotations are append-only: a correction or an undo writes a new row that supersedes the
// previous one. The item's `labelled_by`/`open` counters move in the same transaction.
import "server-only";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { annotations, items, labels, leases, projects, skips, suggestions, users, type StoredSpan, type TaskType } from "../schema";
import type { Db, Executor, Tx } from "../index";
import { isCurrentAnnotation } from "./current-annotations";
import { projectLabelNames } from "./label-names";
import { releaseLease } from "./queue";
import { refreshItemResolution } from "./resolutions";
import { GoldsetError } from "@/lib/errors";
import { checkAgainstLabelSet, type AnnotationInput } from "@/lib/annotate/annotation-input";
import { deriveSuggestionAction } from "@/lib/annotate/suggestion-action";
import { checkSubmittedSpans, spanSubmissionOutcome, type SpanCheck } from "@/lib/annotate/span-submission";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export type AnnotationRecord = typeof annotations.$inferSelect;

async function currentAnnotation(tx: Executor, itemId: number, annotatorId: string): Promise<AnnotationRecord | undefined> {
  return (
    await tx
      .select()
      .from(annotations)
      .where(and(eq(annotations.itemId, itemId), eq(annotations.annotatorId, annotatorId), isCurrentAnnotation))
      .limit(1)
  )[0];
}

async function shiftLabelledBy(tx: Tx, itemId: number, delta: 1 | -1): Promise<void> {
  await tx
    .update(items)
    .set({
      labelledBy: sql`${items.labelledBy} + ${delta}`,
      open: sql`${items.labelledBy} + ${delta} < (select ${projects.overlap} from ${projects} where ${projects.id} = ${items.projectId}) + ${items.extraAnnotations}`,
    })
    .where(eq(items.id, itemId));
}

/** The checked spans of a spans project's submission; null for a classification project, which refuses a `spans` field. */
function submittedSpans(input: AnnotationInput, taskType: TaskType, check: SpanCheck): StoredSpan[] | null {
  if (taskType !== "spans") {
    if (input.spans === undefined) return null;
    const message = "spans: this project classifies whole items; spans belong to a spans project";
    throw new GoldsetError("bad_request", `The annotation was not saved: ${message}.`, [{ field: "spans", message }]);
  }
  if (input.spans === undefined) {
    const message = "spans: missing; send the entities marked (an empty list when the item has none)";
    throw new GoldsetError("bad_request", `The annotation was not saved: ${message}.`, [{ field: "spans", message }]);
  }
  return checkSubmittedSpans(input.spans, check);
}

export type SubmitResult = { annotation: AnnotationRecord; replayed: boolean };

/**
 * A first label on an item counts as one of its overlap's votes, so it is taken only from the
 * annotator the queue leased the item to, or while the item still has room (its labels plus
 * other annotators' live leases under the overlap plus any extra a reviewer asked for): posting
 * labels for arbitrary item ids must not stack votes on an item.
 */
async function assertRoomForFirstLabel(tx: Executor, projectId: string, itemId: number, annotatorId: string, now: Date): Promise<void> {
  const leased = (
    await tx
      .select({ itemId: leases.itemId })
      .from(leases)
      .where(and(eq(leases.itemId, itemId), eq(leases.userId, annotatorId), gt(leases.expiresAt, now)))
      .limit(1)
  )[0];
  if (leased) return;
  const item = (
    await tx
      .select({ externalId: items.externalId, labelledBy: items.labelledBy, extra: items.extraAnnotations, overlap: projects.overlap })
      .from(items)
      .innerJoin(projects, eq(projects.id, items.projectId))
      .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
      .limit(1)
  )[0];
  if (!item) return;
  const othersLeasing =
    (
      await tx
        .select({ n: sql<number>`count(*)` })
        .from(leases)
        .where(and(eq(leases.itemId, itemId), ne(leases.userId, annotatorId), gt(leases.expiresAt, now)))
        .limit(1)
    )[0]?.n ?? 0;
  const wanted = item.overlap + item.extra;
  if (item.labelledBy + othersLeasing < wanted) return;
  // Generic on purpose: how many labels and leases other people hold on the item is their work,
  // which an annotator must not learn from a refusal.
  throw new GoldsetError(
    "conflict",
    `Item ${item.externalId} already has the annotations it needs and is not leased to you; nothing was saved: take the next item from the queue.`,
  );
}

/**
 * Stores one submission. A retried submit with the same client id returns the stored row instead
 * of writing twice. A submission on an item the annotator already labelled supersedes it.
 */
export async function submitAnnotation({
  db,
  projectId,
  annotatorId,
  input,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  annotatorId: string;
  input: AnnotationInput;
  now?: Date;
}): Promise<SubmitResult> {
  return await db.$projectTransaction(projectId, async (tx) => {
    const stored = (await tx.select().from(annotations).where(eq(annotations.id, input.id)).limit(1))[0];
    if (stored) {
      if (stored.annotatorId !== annotatorId || stored.itemId !== input.itemId) {
        throw new GoldsetError("conflict", "This annotation id is already used for another submission.");
      }
      return { annotation: stored, replayed: true };
    }
    const project = (await tx.select({ taskType: projects.taskType, settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    const item = (
      await tx
        .select({ id: items.id, text: items.text })
        .from(items)
        .where(and(eq(items.id, input.itemId), eq(items.projectId, projectId)))
        .limit(1)
    )[0];
    if (!project || !item) throw new GoldsetError("not_found", `Item ${input.itemId} is not in this project.`);
    // Retired labels (and labels merged into another) take no new work; their stored uses stay.
    const liveLabels = await tx.select({ name: labels.name, kind: labels.kind }).from(labels).where(and(eq(labels.projectId, projectId), isNull(labels.retiredAt)));
    const isSpans = project.taskType === "spans";
    checkAgainstLabelSet(input, project.taskType, liveLabels.filter((l) => l.kind === "item").map((l) => l.name));
    const spans = submittedSpans(input, project.taskType, {
      text: item.text,
      entityTypes: liveLabels.filter((l) => l.kind === "entity").map((l) => l.name),
      allowOverlap: workflowSettings(project.settings).spans.allowOverlap,
    });

    let suggested: string[] | null = null;
    let suggestedSpans: StoredSpan[] | null = null;
    if (input.suggestionId !== undefined) {
      const suggestion = (
        await tx
          .select({ labels: suggestions.labels, spans: suggestions.spans, status: suggestions.status })
          .from(suggestions)
          .where(and(eq(suggestions.id, input.suggestionId), eq(suggestions.itemId, input.itemId)))
          .limit(1)
      )[0];
      if (!suggestion || suggestion.status !== "ok") {
        throw new GoldsetError("bad_request", `Suggestion ${input.suggestionId} does not belong to item ${input.itemId}.`);
      }
      // Read as the annotator saw it: the annotate page shows a suggestion under today's names.
      const names = await projectLabelNames({ db: tx, projectId });
      suggested = names.readAll(suggestion.labels);
      if (isSpans) suggestedSpans = (suggestion.spans ?? []).map((span) => ({ start: span.start, end: span.end, label: names.read(span.label) }));
    }
    const spanOutcome = isSpans
      ? spanSubmissionOutcome({
          suggested: suggestedSpans,
          submitted: spans ?? [],
          shown: input.suggestionShown,
          notSure: input.notSure,
          rejectedByAnnotator: input.rejectedSuggestion,
        })
      : null;
    const suggestionAction =
      spanOutcome?.action ??
      deriveSuggestionAction({
        shown: input.suggestionShown,
        suggested,
        submitted: input.labels,
        notSure: input.notSure,
        rejectedByAnnotator: input.rejectedSuggestion,
      });

    const previous = await currentAnnotation(tx, input.itemId, annotatorId);
    if (previous?.kind !== "label") await assertRoomForFirstLabel(tx, projectId, input.itemId, annotatorId, now);
    const row = (
      await tx
        .insert(annotations)
        .values({
          id: input.id,
          projectId,
          itemId: input.itemId,
          annotatorId,
          kind: "label",
          labels: input.labels,
          spans,
          spanOutcomes: spanOutcome?.spanOutcomes ?? null,
          notSure: input.notSure,
          notSureReason: input.notSure ? (input.notSureReason ?? null) : null,
          note: input.note ?? null,
          timeSpentMs: input.timeSpentMs ?? null,
          suggestionId: input.suggestionId ?? null,
          suggestionShown: input.suggestionShown && suggested !== null,
          suggestionAction,
          supersedesId: previous?.id ?? null,
          createdAt: now,
        })
        .returning()
    )[0]!;
    if (previous?.kind !== "label") await shiftLabelledBy(tx, input.itemId, 1);
    await releaseLease({ db: tx, itemId: input.itemId, userId: annotatorId });
    await refreshItemResolution(tx, input.itemId, now);
    return { annotation: row, replayed: false };
  });
}

export async function skipItem({
  db,
  projectId,
  userId,
  itemId,
  reason,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  userId: string;
  itemId: number;
  reason: string;
  now?: Date;
}): Promise<void> {
  await db.$projectTransaction(projectId, async (tx) => {
    const item = (
      await tx
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
        .limit(1)
    )[0];
    if (!item) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
    await tx.insert(skips).values({ projectId, itemId, userId, reason, createdAt: now });
    await releaseLease({ db: tx, itemId, userId });
  });
}

export type UndoResult = {
  itemId: number;
  undone: "annotation" | "skip";
  /** What the undone annotation said, so the page can show it again; `spans` is null outside spans projects. */
  previous: { labels: string[]; spans: StoredSpan[] | null; notSure: boolean; notSureReason: string | null; note: string | null } | null;
};

/**
 * Takes back the annotator's most recent submission in the project: a label is superseded by a
 * retraction row, a skip is marked undone. The item is leased back to the annotator so it is
 * the next one they see.
 */
export async function undoLastSubmission({
  db,
  projectId,
  userId,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  userId: string;
  now?: Date;
}): Promise<UndoResult | null> {
  return await db.$projectTransaction(projectId, async (tx) => {
    const lastLabel = (
      await tx
        .select()
        .from(annotations)
        .where(
          and(
            eq(annotations.projectId, projectId),
            eq(annotations.annotatorId, userId),
            eq(annotations.kind, "label"),
            eq(annotations.source, "app"),
            isCurrentAnnotation,
          ),
        )
        .orderBy(desc(annotations.createdAt))
        .limit(1)
    )[0];
    const lastSkip = (
      await tx
        .select()
        .from(skips)
        .where(and(eq(skips.projectId, projectId), eq(skips.userId, userId), isNull(skips.undoneAt)))
        .orderBy(desc(skips.createdAt), desc(skips.id))
        .limit(1)
    )[0];
    if (!lastLabel && !lastSkip) return null;

    const project = (await tx.select({ leaseMinutes: projects.leaseMinutes }).from(projects).where(eq(projects.id, projectId)).limit(1))[0]!;
    const expiresAt = new Date(now.getTime() + project.leaseMinutes * 60_000);
    let result: UndoResult;
    if (lastLabel && (!lastSkip || lastLabel.createdAt.getTime() >= lastSkip.createdAt.getTime())) {
      await tx.insert(annotations).values({
        id: randomUUID(),
        projectId,
        itemId: lastLabel.itemId,
        annotatorId: userId,
        kind: "retraction",
        labels: [],
        supersedesId: lastLabel.id,
        createdAt: now,
      });
      await shiftLabelledBy(tx, lastLabel.itemId, -1);
      await refreshItemResolution(tx, lastLabel.itemId, now);
      result = {
        itemId: lastLabel.itemId,
        undone: "annotation",
        previous: { labels: lastLabel.labels, spans: lastLabel.spans, notSure: lastLabel.notSure, notSureReason: lastLabel.notSureReason, note: lastLabel.note },
      };
    } else {
      await tx.update(skips).set({ undoneAt: now }).where(eq(skips.id, lastSkip!.id));
      result = { itemId: lastSkip!.itemId, undone: "skip", previous: null };
    }
    await tx
      .insert(leases)
      .values({ itemId: result.itemId, userId, projectId, expiresAt })
      .onConflictDoUpdate({ target: [leases.itemId, leases.userId], set: { expiresAt } });
    return result;
  });
}

/** Every annotation row of a project with its annotator, oldest first: the provenance trail. */
export async function annotationHistory({ db, projectId }: { db: Executor; projectId: string }) {
  return await db
    .select({
      id: annotations.id,
      itemId: annotations.itemId,
      externalId: items.externalId,
      annotator: users.email,
      kind: annotations.kind,
      labels: annotations.labels,
      spans: annotations.spans,
      spanOutcomes: annotations.spanOutcomes,
      notSure: annotations.notSure,
      notSureReason: annotations.notSureReason,
      note: annotations.note,
      suggestionId: annotations.suggestionId,
      suggestionShown: annotations.suggestionShown,
      suggestionAction: annotations.suggestionAction,
      supersedesId: annotations.supersedesId,
      timeSpentMs: annotations.timeSpentMs,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .innerJoin(items, eq(items.id, annotations.itemId))
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .where(eq(annotations.projectId, projectId))
    .orderBy(annotations.createdAt);
}

export async function skipHistory({ db, projectId }: { db: Executor; projectId: string }) {
  return await db
    .select({
      itemId: skips.itemId,
      externalId: items.externalId,
      user: users.email,
      reason: skips.reason,
      undoneAt: skips.undoneAt,
      createdAt: skips.createdAt,
    })
    .from(skips)
    .innerJoin(items, eq(items.id, skips.itemId))
    .innerJoin(users, eq(users.id, skips.userId))
    .where(eq(skips.projectId, projectId))
    .orderBy(skips.createdAt);
}
