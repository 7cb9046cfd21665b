// The reviewer's side: the queue of items that need a decision, everything known about one
// item, and the two decisions a reviewer can make.
import "server-only";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { adjudications, annotations, itemResolutions, items, labels, projects, suggestions, users, type AdjudicatedSpan } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { projectLabelNames } from "./label-names";
import { isCurrentAnnotation } from "./current-annotations";
import { currentLabelAnnotations, latestAdjudication, refreshItemResolution } from "./resolutions";
import { GoldsetError } from "@/lib/errors";
import { checkAgainstLabelSet } from "@/lib/annotate/annotation-input";
import { checkSubmittedSpans } from "@/lib/annotate/span-submission";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import type { Span } from "@/lib/spans/span-set";
import { decidedSpanSources } from "@/lib/spans/span-sources";
import type { ReviewReason } from "@/lib/review/review-need";
import { jsonArrayElements } from "../dialect/sql";
import { emitWebhookEvent } from "./webhook-outbox";

export type ReviewQueueEntry = {
  itemId: number;
  externalId: string;
  text: string;
  method: string;
  labels: string[];
  agreement: number | null;
  annotators: number;
  notSure: number;
  posterior: number | null;
  need: number;
  reasons: ReviewReason[];
};

function annotatedBy(userId: string) {
  return sql`exists (select 1 from ${annotations} a where a.item_id = ${itemResolutions.itemId} and a.annotator_id = ${userId} and a.kind = 'label')`;
}

export async function reviewQueue({
  db,
  projectId,
  reviewerId,
  includeOwn,
  reason,
  label,
  limit = 50,
}: {
  db: Executor;
  projectId: string;
  reviewerId: string;
  includeOwn: boolean;
  reason?: ReviewReason;
  label?: string;
  limit?: number;
}): Promise<ReviewQueueEntry[]> {
  const rows = await db
    .select({
      itemId: itemResolutions.itemId,
      externalId: items.externalId,
      text: items.text,
      method: itemResolutions.method,
      labels: itemResolutions.labels,
      agreement: itemResolutions.agreement,
      annotators: itemResolutions.annotators,
      notSure: itemResolutions.notSure,
      posterior: itemResolutions.posterior,
      need: itemResolutions.reviewNeed,
      reasons: itemResolutions.reviewReasons,
    })
    .from(itemResolutions)
    .innerJoin(items, eq(items.id, itemResolutions.itemId))
    .where(
      and(
        eq(itemResolutions.projectId, projectId),
        gt(itemResolutions.reviewNeed, 0),
        includeOwn ? undefined : sql`not ${annotatedBy(reviewerId)}`,
        reason ? sql`exists (select 1 from ${jsonArrayElements(itemResolutions.reviewReasons, "reason")} where reason.value = ${reason})` : undefined,
        label
          ? sql`exists (select 1 from ${annotations} a, ${jsonArrayElements(sql`a.labels`, "label")} where a.item_id = ${itemResolutions.itemId} and label.value in (${sql.join(
              (await projectLabelNames({ db, projectId })).storedNamesOf(label).map((name) => sql`${name}`),
              sql`, `,
            )}))`
          : undefined,
      ),
    )
    .orderBy(desc(itemResolutions.reviewNeed), asc(itemResolutions.itemId))
    .limit(limit);
  return rows as ReviewQueueEntry[];
}

export async function reviewBacklog({ db, projectId }: { db: Executor; projectId: string }): Promise<number> {
  return (
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(itemResolutions)
        .where(and(eq(itemResolutions.projectId, projectId), gt(itemResolutions.reviewNeed, 0)))
        .limit(1)
    )[0]?.n ?? 0
  );
}

/** Everything a reviewer sees about one item; reviewers may see who labelled what. */
export async function reviewItemDetail({ db, projectId, itemId }: { db: Executor; projectId: string; itemId: number }) {
  const item = (
    await db
      .select({ id: items.id, externalId: items.externalId, text: items.text, metadata: items.metadata })
      .from(items)
      .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
      .limit(1)
  )[0];
  if (!item) return null;
  const history = await db
    .select({
      id: annotations.id,
      // Reviewers may see who labelled what: the id groups an annotator's spans on the review page.
      annotatorId: annotations.annotatorId,
      annotator: users.name,
      annotatorEmail: users.email,
      kind: annotations.kind,
      labels: annotations.labels,
      spans: annotations.spans,
      spanOutcomes: annotations.spanOutcomes,
      notSure: annotations.notSure,
      notSureReason: annotations.notSureReason,
      note: annotations.note,
      suggestionAction: annotations.suggestionAction,
      suggestionShown: annotations.suggestionShown,
      superseded: sql<number>`not ${isCurrentAnnotation}`,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .where(eq(annotations.itemId, itemId))
    .orderBy(asc(annotations.createdAt));
  const itemSuggestions = await db
    .select({
      id: suggestions.id,
      sourceKind: suggestions.sourceKind,
      modelName: suggestions.modelName,
      modelVersion: suggestions.modelVersion,
      promptVersion: suggestions.promptVersion,
      labels: suggestions.labels,
      spans: suggestions.spans,
      unplacedQuotes: suggestions.unplacedQuotes,
      confidence: suggestions.confidence,
      rationale: suggestions.rationale,
      status: suggestions.status,
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .where(eq(suggestions.itemId, itemId))
    .orderBy(asc(suggestions.id));
  const decisions = await itemAdjudications({ db, itemId });
  const resolution = (await db.select().from(itemResolutions).where(eq(itemResolutions.itemId, itemId)).limit(1))[0] ?? null;
  return {
    item,
    annotations: history.map((h) => ({ ...h, superseded: Boolean(h.superseded) })),
    suggestions: itemSuggestions,
    adjudications: decisions,
    resolution,
  };
}

/** The item must be in the project, and by default not one the reviewer annotated themselves. */
async function assertReviewable(
  tx: Executor,
  { projectId, itemId, reviewerId, allowOwn }: { projectId: string; itemId: number; reviewerId: string; allowOwn: boolean },
) {
  const item = (
    await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
      .limit(1)
  )[0];
  if (!item) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
  if (allowOwn) return;
  const own = (
    await tx
      .select({ id: annotations.id })
      .from(annotations)
      .where(and(eq(annotations.itemId, itemId), eq(annotations.annotatorId, reviewerId), eq(annotations.kind, "label")))
      .limit(1)
  )[0];
  if (own) throw new GoldsetError("forbidden", "You annotated this item yourself, so another reviewer must decide it.");
}

export async function adjudicate({
  db,
  projectId,
  itemId,
  reviewerId,
  labels: chosen,
  spans: chosenSpans,
  rationale,
  allowOwn,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  itemId: number;
  reviewerId: string;
  labels: string[];
  /** Spans projects: the reviewer's decided spans (required there, refused elsewhere). */
  spans?: readonly Span[];
  rationale: string;
  allowOwn: boolean;
  now?: Date;
}) {
  return await db.transaction(async (tx) => {
    await assertReviewable(tx, { projectId, itemId, reviewerId, allowOwn });
    const project = (await tx.select({ taskType: projects.taskType, settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1))[0]!;
    // A reviewer decides among the labels in use: a retired or merged label takes no new decisions.
    const live = await tx.select({ name: labels.name, kind: labels.kind }).from(labels).where(and(eq(labels.projectId, projectId), isNull(labels.retiredAt)));
    checkAgainstLabelSet({ labels: chosen, notSure: false }, project.taskType, live.filter((l) => l.kind === "item").map((l) => l.name));
    if (project.taskType === "single_label" && chosen.length !== 1) throw new GoldsetError("bad_request", "Choose exactly one label.");
    let spans: AdjudicatedSpan[] | null = null;
    if (project.taskType === "spans") {
      if (chosenSpans === undefined) {
        const message = "spans: missing; send the decided entities (an empty list when the item has none)";
        throw new GoldsetError("bad_request", `Nothing was decided: ${message}.`, [{ field: "spans", message }]);
      }
      const item = (await tx.select({ text: items.text }).from(items).where(eq(items.id, itemId)).limit(1))[0]!;
      const decided = checkSubmittedSpans(chosenSpans, {
        text: item.text,
        entityTypes: live.filter((l) => l.kind === "entity").map((l) => l.name),
        allowOverlap: workflowSettings(project.settings).spans.allowOverlap,
      });
      // Whose spans the decision took, from the annotations stored now (never from the request);
      // stored names read as today's, so a span marked before a rename still counts as that type.
      const names = await projectLabelNames({ db: tx, projectId });
      const current = (await currentLabelAnnotations(tx, itemId)).map((a) => ({
        annotatorId: a.annotatorId,
        spans: (a.spans ?? []).map((span) => ({ start: span.start, end: span.end, label: names.read(span.label) })),
      }));
      spans = decidedSpanSources(decided, current);
    } else if (chosenSpans !== undefined) {
      const message = "spans: this project classifies whole items; spans belong to a spans project";
      throw new GoldsetError("bad_request", `Nothing was decided: ${message}.`, [{ field: "spans", message }]);
    }
    await tx.insert(adjudications).values({ projectId, itemId, reviewerId, action: "decide", labels: chosen, spans, rationale, createdAt: now });
    await recordAudit(tx, {
      projectId,
      actorId: reviewerId,
      action: "item.adjudicate",
      targetType: "item",
      targetId: itemId,
      details: spans ? { labels: chosen, spans, rationale } : { labels: chosen, rationale },
    });
    await emitWebhookEvent(tx, { projectId, event: "review.decided", data: { itemId, action: "decide", labels: chosen, reviewerId, rationale }, now });
    return await refreshItemResolution(tx, itemId, now);
  });
}

export type SendBackOutcome = {
  /**
   * "requested": `added` annotations were asked for beyond what the item already waited for.
   * "awaiting_overlap": the item was still short of its overlap, which already brings at least the
   * annotations asked for, so none were added; it only leaves the review queue until they arrive.
   * "unchanged": an earlier send-back is still waiting; nothing was written.
   */
  status: "requested" | "awaiting_overlap" | "unchanged";
  added: number;
  /** Annotations the item now waits for. */
  waitingFor: number;
};

/**
 * Asks for `extra` more annotations than the item has now: it reopens in the annotators' queues
 * and leaves the review queue until they arrive. Asking again while an earlier send-back is still
 * waiting changes nothing, so a double press or a second reviewer cannot pile up requests. An
 * item still short of its overlap already waits for annotations: only the rest is asked for, and
 * when that is nothing the send-back says so, recording only that the reviewer deferred the item
 * (with 0 extra annotations) so that it leaves the review queue until its overlap is in.
 */
export async function sendBack({
  db,
  ...request
}: {
  db: Db;
  projectId: string;
  itemId: number;
  reviewerId: string;
  extra: number;
  rationale: string;
  allowOwn: boolean;
  now?: Date;
}): Promise<SendBackOutcome> {
  return await db.transaction(async (tx) => await sendBackInTransaction(tx, request));
}

/** sendBack inside the caller's transaction: a bulk "one more annotation" sends back a batch of items in one. */
export async function sendBackInTransaction(
  tx: Executor,
  {
    projectId,
    itemId,
    reviewerId,
    extra,
    rationale,
    allowOwn,
    now = new Date(),
    audit = true,
  }: {
    projectId: string;
    itemId: number;
    reviewerId: string;
    extra: number;
    rationale: string;
    allowOwn: boolean;
    now?: Date;
    /** false when the caller records one audit row for the whole batch. */
    audit?: boolean;
  },
): Promise<SendBackOutcome> {
  await assertReviewable(tx, { projectId, itemId, reviewerId, allowOwn });
  const item = (
    await tx
      .select({ labelledBy: items.labelledBy, extra: items.extraAnnotations, overlap: projects.overlap })
      .from(items)
      .innerJoin(projects, eq(projects.id, items.projectId))
      .where(eq(items.id, itemId))
      .limit(1)
  )[0]!;
  const required = item.overlap + item.extra;
  if ((await latestAdjudication(tx, itemId))?.action === "send_back" && item.labelledBy < required) {
    return { status: "unchanged", added: 0, waitingFor: required - item.labelledBy };
  }
  const added = Math.max(0, item.labelledBy + extra - required);
  await tx.insert(adjudications).values({ projectId, itemId, reviewerId, action: "send_back", extraAnnotations: added, rationale, createdAt: now });
  await tx
    .update(items)
    .set({ extraAnnotations: item.extra + added, open: item.labelledBy < required + added })
    .where(eq(items.id, itemId));
  if (audit) {
    await recordAudit(tx, {
      projectId,
      actorId: reviewerId,
      action: "item.send_back",
      targetType: "item",
      targetId: itemId,
      details: { extra, added, rationale },
    });
  }
  await emitWebhookEvent(tx, { projectId, event: "review.decided", data: { itemId, action: "send_back", labels: [], reviewerId, rationale, extraAnnotations: added }, now });
  await refreshItemResolution(tx, itemId, now);
  return { status: added > 0 ? "requested" : "awaiting_overlap", added, waitingFor: required + added - item.labelledBy };
}

/** An item's review decisions and send-backs, oldest first (ties by id), with the reviewer's name. */
export async function itemAdjudications({ db, itemId }: { db: Executor; itemId: number }) {
  return await db
    .select({
      action: adjudications.action,
      labels: adjudications.labels,
      spans: adjudications.spans,
      rationale: adjudications.rationale,
      extraAnnotations: adjudications.extraAnnotations,
      reviewer: users.name,
      createdAt: adjudications.createdAt,
    })
    .from(adjudications)
    .innerJoin(users, eq(users.id, adjudications.reviewerId))
    .where(eq(adjudications.itemId, itemId))
    .orderBy(asc(adjudications.createdAt), asc(adjudications.id));
}
