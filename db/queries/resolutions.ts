// Keeps item_resolutions in step with annotations and adjudications: called inside every
// transaction that changes either, for the items it touched.
import { and, desc, eq, sql } from "drizzle-orm";
import { adjudications, annotations, itemResolutions, items, projects, suggestions } from "../schema";
import type { Executor } from "../index";
import { resolveItem, type ItemResolution } from "@/lib/aggregate/resolve-item";
import { reviewNeed } from "@/lib/review/review-need";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export function currentLabelAnnotations(tx: Executor, itemId: number) {
  return tx
    .select({ annotatorId: annotations.annotatorId, labels: annotations.labels, notSure: annotations.notSure })
    .from(annotations)
    .where(
      and(
        eq(annotations.itemId, itemId),
        eq(annotations.kind, "label"),
        sql`not exists (select 1 from ${annotations} b where b.supersedes_id = ${annotations.id})`,
      ),
    )
    .all();
}

export function latestAdjudication(tx: Executor, itemId: number) {
  return tx.select().from(adjudications).where(eq(adjudications.itemId, itemId)).orderBy(desc(adjudications.createdAt), desc(adjudications.id)).limit(1).get();
}

export function refreshItemResolution(tx: Executor, itemId: number, now = new Date()): ItemResolution {
  const item = tx
    .select({
      projectId: items.projectId,
      labelledBy: items.labelledBy,
      extra: items.extraAnnotations,
      overlap: projects.overlap,
      taskType: projects.taskType,
      settings: projects.settings,
    })
    .from(items)
    .innerJoin(projects, eq(projects.id, items.projectId))
    .where(eq(items.id, itemId))
    .get();
  if (!item) throw new Error(`item ${itemId} does not exist`);
  const current = currentLabelAnnotations(tx, itemId);
  const adjudication = latestAdjudication(tx, itemId);
  const decided = adjudication?.action === "decide" ? adjudication.labels : null;
  const resolution =
    item.taskType === "single_label"
      ? resolveItem({
          kind: "single-label",
          annotations: current.map((a) => ({ label: a.labels[0] ?? null, notSure: a.notSure })),
          adjudication: decided ? { label: decided[0]! } : null,
        })
      : resolveItem({
          kind: "multi-label",
          annotations: current.map((a) => ({ labels: a.labels, notSure: a.notSure })),
          adjudication: decided ? { labels: decided } : null,
        });
  const llm = tx
    .select({ labels: suggestions.labels })
    .from(suggestions)
    .where(and(eq(suggestions.itemId, itemId), eq(suggestions.sourceKind, "llm"), eq(suggestions.status, "ok")))
    .orderBy(desc(suggestions.id))
    .limit(1)
    .get();
  const settings = workflowSettings(item.settings);
  const notSure = current.filter((a) => a.notSure).length;
  const need = reviewNeed({
    resolution,
    notSure,
    awaitingAnnotations: item.labelledBy < item.overlap + item.extra,
    llmLabels: llm?.labels ?? null,
    agreementThreshold: settings.review.agreementThreshold,
  });
  const row = {
    projectId: item.projectId,
    method: resolution.method,
    labels: resolution.labels,
    agreement: resolution.agreement,
    annotators: current.length,
    notSure,
    reviewNeed: need.need,
    reviewReasons: need.reasons,
    updatedAt: now,
  };
  tx.insert(itemResolutions)
    .values({ itemId, ...row })
    .onConflictDoUpdate({ target: itemResolutions.itemId, set: row })
    .run();
  return resolution;
}
