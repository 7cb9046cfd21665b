/**
 * Retrains a project's classifier and re-ranks its queue: reads the resolved labels and the
 * features, plans the ranking (plan-ranking.ts), and saves the version, every item's score and
 * the queue ranks (db/queries/ranking-write.ts). The server (after labels, embeddings or a lead's
 * request) and `goldset score` both run exactly this.
 *
 * It runs on the server's event loop, so all of it runs in slices (event-loop-slices.ts): reading
 * and hashing texts, training, scoring, writing the model's JSON, and the write of the results,
 * whose small transactions fill a second rank column and the new version's scores while the queue
 * keeps serving the live ones, then switch both at once (bench/retrain-blocking.ts measures the
 * longest wait a request sees, the write apart).
 */
import type { Db } from "@/db";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { rankingInputs } from "@/db/queries/ranking";
import { saveRankingSteps, type NewItemScore } from "@/db/queries/ranking-write";
import { modelJsonSteps } from "@/lib/active-learning/model-serialization";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { eventLoopSlices, runInSlices } from "./event-loop-slices";
import type { HeldOutMetrics, TrainingExample } from "./held-out-metrics";
import { planRankingSteps, type RankingPlan, type RowScore } from "./plan-ranking";
import { projectFeatures } from "./project-features";
import type { RetrainTrigger, VersionMetrics } from "./version-metrics";
import { crossFitWarmStarts, heldOutWarmStart, keepCrossFitModels, keepHeldOutModel, keepVersionModel, versionWarmStart } from "./warm-starts";

export interface RetrainOutcome {
  readonly version: number;
  readonly features: string;
  readonly featureDescription: string;
  readonly coldStart: boolean;
  readonly trainedOn: number;
  readonly ranked: number;
  readonly scored: number;
  readonly heldOut: HeldOutMetrics;
  readonly seconds: number;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export async function retrainProject({
  db,
  projectId,
  trigger,
  onWriteStart,
}: {
  db: Db;
  projectId: string;
  trigger: RetrainTrigger;
  /** Called once the computing is done and the write of its results begins (benchmarks time the phases apart). */
  onWriteStart?: () => void;
}): Promise<RetrainOutcome> {
  const started = performance.now();
  const slices = eventLoopSlices();
  const inputs = rankingInputs({ db, projectId });
  if (!inputs) throw new GoldsetError("not_found", `No project ${projectId}.`);
  if (slices.due()) await slices.pause();
  const settings = workflowSettings(inputs.settings);
  const multiLabel = inputs.taskType === "multi_label";
  const labelIndex = new Map(inputs.labelNames.map((name, index) => [name, index]));
  const itemIds = inputs.items.map((item) => item.id);
  const rowOf = new Map(itemIds.map((id, row) => [id, row]));
  const toIndices = (names: readonly string[]) => names.map((name) => labelIndex.get(name)).filter((index) => index !== undefined);

  const features = await projectFeatures({ db, projectId, itemIds, encoderModel: settings.encoderModel, slices });
  if (slices.due()) await slices.pause();

  const examples: TrainingExample[] = [];
  for (const resolution of inputs.resolved) {
    const row = rowOf.get(resolution.itemId);
    const labels = toIndices(resolution.labels);
    // Single-label items resolve to exactly one label; anything else is not a training example.
    if (row === undefined || (!multiLabel && labels.length !== 1)) continue;
    examples.push({ key: resolution.itemId, row, labels });
  }
  const llmLabels = new Map<number, number[]>();
  for (const answer of inputs.llmLabels) {
    const row = rowOf.get(answer.itemId);
    if (row !== undefined) llmLabels.set(row, toIndices(answer.labels));
  }
  const previous = latestClassifierVersion({ db, projectId });
  const seed = (previous?.version ?? 0) + 1;

  const steps = planRankingSteps({
    multiLabel,
    numClasses: inputs.labelNames.length,
    features: features.matrix,
    open: Uint8Array.from(inputs.items, (item) => (item.open ? 1 : 0)),
    examples,
    settings: settings.ranking,
    seed,
    warmStart: versionWarmStart({ db, projectId, latestVersion: previous?.version ?? null, features: features.key }),
    heldOutWarmStart: heldOutWarmStart(projectId, features.key),
    crossFitWarmStarts: crossFitWarmStarts(projectId, features.key),
    llmLabels,
  });
  const plan: RankingPlan = await runInSlices(steps, slices);
  if (plan.heldOutModel) keepHeldOutModel(projectId, features.key, plan.heldOutModel);
  keepCrossFitModels(projectId, features.key, plan.crossFitModels);

  const names = (indices: readonly number[]) => indices.map((index) => inputs.labelNames[index] ?? String(index));
  // Each item's place in the new order (1-based); null for the closed items, which keep theirs.
  const positionOf: (number | null)[] = new Array<number | null>(itemIds.length).fill(null);
  plan.order.forEach((row, position) => (positionOf[row] = position + 1));
  const rowScores = plan.scores ?? [];
  const scores: NewItemScore[] = [];
  for (let row = 0; row < rowScores.length; row++) {
    const score = rowScores[row];
    if (!score) continue;
    scores.push({
      itemId: itemIds[row] as number,
      predicted: names(score.predicted),
      confidence: round(score.confidence),
      score: round(score.score),
      reason: scoreReason(score, plan.strategy, plan.coldStart, positionOf[row] ?? null),
    });
    if (slices.due()) await slices.pause();
  }
  const metrics: VersionMetrics = {
    trigger,
    labelSubmissions: inputs.labelSubmissions,
    featureDescription: features.description,
    heldOut: plan.heldOut,
    labelCounts: Object.fromEntries(inputs.labelNames.map((name, index) => [name, plan.labelCounts[index] ?? 0])),
    coldStart: plan.coldStart,
    diversityPicks: plan.diversityPicks,
    untrained: plan.untrained,
    items: itemIds.length,
    openItems: plan.order.length,
    seconds: round((performance.now() - started) / 1000),
    explorationShare: settings.ranking.explorationShare,
    rareClassBoost: settings.ranking.rareClassBoost,
    disagreementBoost: settings.ranking.disagreementBoost,
    minPerClass: settings.ranking.minPerClass,
  };
  const modelJson = plan.model ? await runInSlices(modelJsonSteps(plan.model), slices) : JSON.stringify({ untrained: plan.untrained });
  onWriteStart?.();
  const version = await runInSlices(
    saveRankingSteps({
      db,
      projectId,
      version: { features: features.key, strategy: plan.strategy, trainedOn: plan.model ? examples.length : 0, metrics, modelJson },
      scores,
      ranks: { itemIds, ranks: positionOf },
    }),
    slices,
  );
  keepVersionModel(projectId, version, features.key, plan.model);
  return {
    version,
    features: features.key,
    featureDescription: features.description,
    coldStart: plan.coldStart,
    trainedOn: plan.model ? examples.length : 0,
    ranked: plan.order.length,
    scored: scores.length,
    heldOut: plan.heldOut,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Why the item sits where it does, as item_scores.reason stores it. */
function scoreReason(score: RowScore, strategy: string, coldStart: boolean, position: number | null): Record<string, unknown> {
  return {
    strategy,
    uncertainty: round(score.uncertainty),
    exploration: score.exploration,
    boosts: { rareClass: round(score.rareClassBoost), llmDisagreement: round(score.disagreementBoost) },
    coldStart,
    diversityPick: score.diversityPick,
    outOfFold: score.outOfFold,
    position,
  };
}
