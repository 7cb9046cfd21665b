/**
 * The computing half of a spans project's retrain (compute-retrain.ts hands spans projects here):
 * read the items, their texts and the settled spans, tokenize and hash every item, train the span
 * tagger, score every open item's entity-level uncertainty and order the queue by it
 * (lib/active-learning/spans/span-ranking.ts). It answers in the classifier's shape, so the same
 * worker thread, write (ranking-write.ts: classifier_versions, item_scores, the items' queue rank
 * columns) and readers serve both kinds of project.
 *
 * The tokens and features are computed anew each retrain: unlike the classifier's hashed features
 * (hashed-feature-cache.ts) nothing is kept between retrains yet.
 */
import "server-only";
import type { Db } from "@/db";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { itemTexts } from "@/db/queries/ranking";
import { spanRankingInputs } from "@/db/queries/span-ranking";
import { tagSet } from "@/lib/active-learning/spans/bio-tags";
import { serializeSpanTagger } from "@/lib/active-learning/spans/span-model-serialization";
import { ENTITY_UNCERTAINTY, planSpanRanking, spanModelBits, type SpanExample } from "@/lib/active-learning/spans/span-ranking";
import { itemSentence, spanTags } from "@/lib/active-learning/spans/span-sentences";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import type { RetrainComputation } from "./compute-retrain";
import { isHeldOut } from "./held-out-metrics";
import type { RowScore } from "./plan-ranking";
import { scoreColumns } from "./score-columns";
import type { RetrainTrigger, VersionMetrics } from "./version-metrics";

/** classifier_versions.features of a spans project's versions. */
export const SPAN_TOKEN_FEATURES = "span-tokens";

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export async function computeSpanRetrain({ db, projectId, trigger }: { db: Db; projectId: string; trigger: RetrainTrigger }): Promise<RetrainComputation> {
  const started = performance.now();
  const inputs = await spanRankingInputs({ db, projectId });
  if (!inputs) throw new GoldsetError("not_found", `No project ${projectId}.`);
  const settings = workflowSettings(inputs.settings);
  const { types } = inputs;
  const bits = spanModelBits(tagSet(types).tags.length);
  const itemIds = inputs.items.map((item) => item.id);
  const rowOf = new Map(itemIds.map((id, row) => [id, row]));
  const texts = new Map((await itemTexts({ db, projectId, itemIds })).map((item) => [item.id, item.text]));
  const sentences = itemIds.map((id) => itemSentence(texts.get(id) ?? "", bits));

  const examples: SpanExample[] = [];
  for (const resolution of inputs.resolved) {
    const row = rowOf.get(resolution.itemId);
    if (row === undefined) continue;
    examples.push({ row, tags: spanTags(sentences[row]!.tokenized, resolution.spans, types), heldOut: isHeldOut(resolution.itemId) });
  }
  const previous = await latestClassifierVersion({ db, projectId });
  const plan = planSpanRanking({
    types,
    sentences: sentences.map((sentence) => sentence.features),
    open: Uint8Array.from(inputs.items, (item) => (item.open ? 1 : 0)),
    examples,
    explorationShare: settings.ranking.explorationShare,
    seed: (previous?.version ?? 0) + 1,
  });

  const positions = new Uint32Array(itemIds.length);
  plan.order.forEach((row, position) => (positions[row] = position + 1));
  const featureDescription = `hashed token features (word, affixes, shape, neighbours; 2^${bits} buckets) over the word tokens the annotator's page snaps to`;
  const trainedOn = plan.model ? examples.length : 0;
  const metrics: VersionMetrics = {
    trigger,
    labelSubmissions: inputs.labelSubmissions,
    featureDescription,
    heldOut: plan.heldOut,
    labelCounts: Object.fromEntries(types.map((type, index) => [type, plan.entityCounts[index] ?? 0])),
    // No diversity picks for spans: without a model the queue keeps project order.
    coldStart: plan.model === null,
    diversityPicks: 0,
    untrained: plan.untrained,
    items: itemIds.length,
    openItems: plan.order.length,
    seconds: round((performance.now() - started) / 1000),
    explorationShare: settings.ranking.explorationShare,
    rareClassBoost: 0,
    disagreementBoost: 0,
    minPerClass: 0,
  };
  const rowScores: (RowScore | null)[] = plan.scores.map((score) =>
    score
      ? {
          predicted: score.predictedTypes,
          confidence: score.confidence,
          uncertainty: score.uncertainty,
          score: score.score,
          exploration: score.exploration,
          rareClassBoost: 0,
          disagreementBoost: 0,
          diversityPick: null,
          // The full model scored it; spans projects show no model suggestions (annotator-suggestions.ts).
          outOfFold: false,
        }
      : null,
  );
  return {
    features: SPAN_TOKEN_FEATURES,
    featureDescription,
    strategy: ENTITY_UNCERTAINTY,
    coldStart: plan.model === null,
    trainedOn,
    heldOut: plan.heldOut,
    metrics,
    modelJson: JSON.stringify(plan.model ? serializeSpanTagger(plan.model, types, trainedOn) : { untrained: plan.untrained }),
    labelNames: types,
    itemIds: Float64Array.from(itemIds),
    positions,
    ranked: plan.order.length,
    scores: scoreColumns(rowScores),
  };
}
