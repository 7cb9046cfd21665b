/**
 * "Why is item X where it is?": the item's place in the project's queue, its score under the
 * latest classifier version and what made it up (strategy, exploration draw, diversity pick,
 * boosts), in numbers and in a sentence a lead can read.
 */
import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { itemRanking, type ItemRankingRecord } from "@/db/queries/ranking";
import type { ItemExplanationView } from "./model-views";
import { readVersionMetrics, type VersionMetrics } from "./version-metrics";

const reasonSchema = z.object({
  strategy: z.string().catch("margin"),
  uncertainty: z.number().catch(0),
  exploration: z.boolean().catch(false),
  boosts: z.object({ rareClass: z.number().catch(0), llmDisagreement: z.number().catch(0) }).catch({ rareClass: 0, llmDisagreement: 0 }),
  diversityPick: z.number().int().nullable().catch(null),
  outOfFold: z.boolean().catch(false),
});

type StoredReason = z.infer<typeof reasonSchema>;

const STRATEGY_NAMES: Record<string, string> = { margin: "margin", entropy: "entropy", least_confidence: "least-confidence", entity_uncertainty: "entity-level" };
const fixed = (value: number) => value.toFixed(3);

export async function explainItem({ db, projectId, itemRef }: { db: Db; projectId: string; itemRef: string }): Promise<ItemExplanationView | undefined> {
  const record = await itemRanking({ db, projectId, itemRef });
  if (!record) return undefined;
  const latest = await latestClassifierVersion({ db, projectId });
  const metrics = latest ? readVersionMetrics(latest.metrics) : null;
  const reason = record.score ? reasonSchema.parse(record.score.reason) : null;
  const diversityPick =
    reason?.diversityPick ??
    (metrics && !record.score && record.item.queueRank > 0 && record.item.queueRank <= metrics.diversityPicks ? record.item.queueRank : null);
  return {
    itemId: record.item.id,
    externalId: record.item.externalId,
    open: record.item.open,
    position: record.position,
    openItems: record.openItems,
    queueRank: record.item.queueRank,
    version: latest?.version ?? null,
    strategy: latest?.strategy ?? null,
    predicted: record.score?.predicted ?? null,
    confidence: record.score?.confidence ?? null,
    score: record.score?.score ?? null,
    uncertainty: reason?.uncertainty ?? null,
    exploration: reason?.exploration ?? false,
    diversityPick,
    boosts: reason ? reason.boosts : null,
    summary: summarise(
      record,
      latest ? { version: latest.version, strategy: latest.strategy, metrics: metrics as VersionMetrics } : null,
      reason,
      diversityPick,
    ),
  };
}

function summarise(
  record: ItemRankingRecord,
  latest: { version: number; strategy: string; metrics: VersionMetrics } | null,
  reason: StoredReason | null,
  diversityPick: number | null,
): string {
  const { item, score } = record;
  const model = reason?.outOfFold
    ? `A model trained without this item's labels (cross-fitting, v${score?.classifierVersion})`
    : `The model (v${score?.classifierVersion})`;
  const prediction = score ? ` ${model} predicts ${score.predicted.join(", ") || "no label"} with confidence ${fixed(score.confidence)}.` : "";
  if (!item.open) return `#${item.externalId} is not in the queue: it has all the annotations it needs.${prediction}`;
  const place = `Place ${record.position} of ${record.openItems} open items in queue order (before each annotator's own labels, skips and leases).`;
  if (!latest) {
    return `${place} No ranking has run yet, so the queue is in import order. The first one runs after an import through the app or the CLI, after the project's retrain interval of labels, once every item is embedded, or when a lead retrains.`;
  }
  const strategyName = STRATEGY_NAMES[latest.strategy] ?? latest.strategy;
  if (diversityPick !== null) {
    return `${place} Cold start: diversity pick ${diversityPick} of ${latest.metrics.diversityPicks} (k-means++ over the features), because some label still has fewer than ${latest.metrics.minPerClass} settled examples.${prediction}`;
  }
  if (!score || !reason) {
    if (item.queueRank === 0)
      return `${place} It arrived after version ${latest.version} ranked the queue; unranked items come first, in import order, until the next retrain.`;
    if (latest.metrics.untrained === null) {
      return `${place} Version ${latest.version} gives it no prediction: it has a settled label, and no model could yet be trained without that label, so it ranks as if the model knew nothing about it.`;
    }
    return `${place} Version ${latest.version} has no model (${latest.metrics.untrained ?? "no labels yet"}), so after the diversity picks items follow in import order.`;
  }
  if (reason.exploration) {
    return `${place} Exploration: a random draw gave it this place (${Math.round(latest.metrics.explorationShare * 100)}% of positions are random), not its score ${fixed(score.score)}.${prediction}`;
  }
  const boosts = [
    reason.boosts.rareClass > 0 ? ` + rare-label boost ${fixed(reason.boosts.rareClass)}` : "",
    reason.boosts.llmDisagreement > 0 ? ` + model/LLM disagreement boost ${fixed(reason.boosts.llmDisagreement)}` : "",
  ].join("");
  return `${place} Score ${fixed(score.score)} = ${strategyName} uncertainty ${fixed(reason.uncertainty)}${boosts}; higher scores are served first.${prediction}`;
}
