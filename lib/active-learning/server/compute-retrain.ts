/**
 * The computing half of a retrain: read the project's items, labels and features, plan the ranking
 * (plan-ranking.ts) and serialise the model. Everything it returns is either small or a typed
 * array, so a worker thread (retrain-worker.ts) can hand it to the server's thread by transfer,
 * without cloning an object per item. retrain-project.ts writes the result.
 */
import "server-only";
import type { Db } from "@/db";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { getProjectById } from "@/db/queries/projects";
import { rankingInputs } from "@/db/queries/ranking";
import type { ClassifierModel } from "@/lib/active-learning/classifier-model";
import type { SpanHeldOut } from "@/lib/active-learning/spans/span-ranking";
import { modelJsonSteps } from "@/lib/active-learning/model-serialization";
import { runSteps } from "@/lib/active-learning/steps";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import type { EventLoopSlices } from "./event-loop-slices";
import type { HeldOutMetrics, TrainingExample } from "./held-out-metrics";
import { planRankingSteps } from "./plan-ranking";
import { projectFeatures } from "./project-features";
import { scoreColumns, type ScoreColumns } from "./score-columns";
import { computeSpanRetrain } from "./compute-span-retrain";
import type { RetrainTrigger, VersionMetrics } from "./version-metrics";
import { crossFitWarmStarts, heldOutWarmStart, keepCrossFitModels, keepHeldOutModel, versionWarmStart } from "./warm-starts";

export interface RetrainComputation {
  readonly features: string;
  readonly featureDescription: string;
  readonly strategy: string;
  readonly coldStart: boolean;
  readonly trainedOn: number;
  /** A classifier's accuracy and calibration, or a spans project's entity F1. */
  readonly heldOut: HeldOutMetrics | SpanHeldOut;
  readonly metrics: VersionMetrics;
  readonly modelJson: string;
  readonly labelNames: readonly string[];
  /** The project's item ids, one per row (ids are integers below 2^53). */
  readonly itemIds: Float64Array;
  /** Each row's 1-based place in the new queue order; 0 for a closed item, which keeps its rank. */
  readonly positions: Uint32Array;
  /** How many open items the new order holds. */
  readonly ranked: number;
  readonly scores: ScoreColumns;
}

/** The typed arrays of a computation, for postMessage's transfer list. */
export function transferables(computation: RetrainComputation): ArrayBuffer[] {
  const { scores } = computation;
  return [computation.itemIds, computation.positions, ...Object.values(scores)].map((array: ArrayBufferView) => array.buffer as ArrayBuffer);
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Computes a retrain of the project. The model comes back beside the computation, for the caller
 * that keeps it as the next version's warm start once its version is saved.
 */
export async function computeRetrain({
  db,
  projectId,
  trigger,
  slices,
}: {
  db: Db;
  projectId: string;
  trigger: RetrainTrigger;
  /** Where the reading and hashing may let other work run. */
  slices: EventLoopSlices;
}): Promise<{ computation: RetrainComputation; model: ClassifierModel | null }> {
  const project = await getProjectById({ db, projectId });
  if (!project) throw new GoldsetError("not_found", `No project ${projectId}.`);
  // A spans project's queue follows a token tagger's entity uncertainty instead (its model is never a warm start).
  if (project.taskType === "spans") return { computation: await computeSpanRetrain({ db, projectId, trigger }), model: null };
  const started = performance.now();
  const inputs = await rankingInputs({ db, projectId });
  if (!inputs) throw new GoldsetError("not_found", `No project ${projectId}.`);
  const settings = workflowSettings(inputs.settings);
  const multiLabel = inputs.taskType === "multi_label";
  const labelIndex = new Map(inputs.labelNames.map((name, index) => [name, index]));
  const itemIds = inputs.items.map((item) => item.id);
  const rowOf = new Map(itemIds.map((id, row) => [id, row]));
  const toIndices = (names: readonly string[]) => names.map((name) => labelIndex.get(name)).filter((index) => index !== undefined);

  const features = await projectFeatures({ db, projectId, itemIds, encoderModel: settings.encoderModel, slices });

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
  const previous = await latestClassifierVersion({ db, projectId });
  const seed = (previous?.version ?? 0) + 1;

  const plan = runSteps(
    planRankingSteps({
      multiLabel,
      numClasses: inputs.labelNames.length,
      features: features.matrix,
      open: Uint8Array.from(inputs.items, (item) => (item.open ? 1 : 0)),
      examples,
      settings: settings.ranking,
      seed,
      warmStart: await versionWarmStart({ db, projectId, latestVersion: previous?.version ?? null, features: features.key }),
      heldOutWarmStart: heldOutWarmStart(projectId, features.key),
      crossFitWarmStarts: crossFitWarmStarts(projectId, features.key),
      llmLabels,
    }),
  );
  if (plan.heldOutModel) keepHeldOutModel(projectId, features.key, plan.heldOutModel);
  keepCrossFitModels(projectId, features.key, plan.crossFitModels);

  const positions = new Uint32Array(itemIds.length);
  plan.order.forEach((row, position) => (positions[row] = position + 1));
  const trainedOn = plan.model ? examples.length : 0;
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
  const computation: RetrainComputation = {
    features: features.key,
    featureDescription: features.description,
    strategy: plan.strategy,
    coldStart: plan.coldStart,
    trainedOn,
    heldOut: plan.heldOut,
    metrics,
    modelJson: plan.model ? runSteps(modelJsonSteps(plan.model)) : JSON.stringify({ untrained: plan.untrained }),
    labelNames: inputs.labelNames,
    itemIds: Float64Array.from(itemIds),
    positions,
    ranked: plan.order.length,
    scores: scoreColumns(plan.scores ?? []),
  };
  return { computation, model: plan.model };
}
