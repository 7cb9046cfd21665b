/**
 * One retrain, as pure computation: train the project classifier on the resolved items, estimate
 * its quality on held-out items, score every item, and order the open items into the queue.
 *
 * - While some label has fewer than `minPerClass` examples (cold start), the head of the queue is
 *   a k-means++ diversity order (cold-start-order.ts).
 * - With a model, the open items follow the strategy's uncertainty plus boosts: items predicted as
 *   a rare label, and items where the model and the latest LLM answer disagree; a share of the
 *   positions goes to random items (exploration), so the labels stay usable for unbiased checks.
 * - Without a model (fewer than two labels have examples), the rest of the queue keeps import order.
 * - No item's score comes from a model that trained on that item's labels: the trained items are
 *   cross-fitted (cross-fit.ts), so the suggestion an annotator sees, the item's uncertainty and
 *   its "model and LLM disagree" boost never replay another annotator's label on it.
 */
import "server-only";
import { CLASSIFIER_MODEL_VERSION, type ClassifierModel } from "@/lib/active-learning/classifier-model";
import { needsColdStart } from "@/lib/active-learning/cold-start";
import { selectRows, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { rankQueue, rareClasses } from "@/lib/active-learning/ranking";
import { rescoreSteps } from "@/lib/active-learning/rescore";
import { runSteps, type Steps } from "@/lib/active-learning/steps";
import { trainClassifierSteps, type TrainingTargets } from "@/lib/active-learning/train-classifier";
import type { UncertaintyStrategy } from "@/lib/active-learning/uncertainty";
import type { WorkflowSettings } from "@/lib/projects/workflow-settings";
import { coldStartHeadSteps, diversityPickCount } from "./cold-start-order";
import { crossFitSteps, type CrossFit } from "./cross-fit";
import { crossFittedPredictionsSteps } from "./cross-fitted-predictions";
import { evaluateHeldOutSteps, type HeldOutEvaluation, type HeldOutMetrics, type TrainingExample } from "./held-out-metrics";
import { llmDisagreementBoost } from "./llm-disagreement";
import { countExampleLabels, untrainedReason } from "./untrained-reason";

export type RankingSettings = WorkflowSettings["ranking"];

export interface RankingProblem {
  readonly multiLabel: boolean;
  readonly numClasses: number;
  /** One row per item of the project. */
  readonly features: FeatureMatrix;
  /** open[row] = 1 when the item can still be served. */
  readonly open: Uint8Array;
  readonly examples: readonly TrainingExample[];
  readonly settings: RankingSettings;
  readonly seed: number;
  /** The previous version's model: a starting point when it has the same shape. */
  readonly warmStart?: ClassifierModel | null;
  /** The previous version's held-out evaluation model, likewise. */
  readonly heldOutWarmStart?: ClassifierModel | null;
  /** The previous version's cross-fitting models, by fold, likewise. */
  readonly crossFitWarmStarts?: readonly (ClassifierModel | null)[];
  /** Label indices of the latest LLM answer, by row. */
  readonly llmLabels?: ReadonlyMap<number, readonly number[]>;
}

export interface RowScore {
  /** Label indices the model predicts (one for single-label projects). */
  readonly predicted: readonly number[];
  /** Single-label: the top probability. Multi-label: the least sure of the per-label decisions. */
  readonly confidence: number;
  readonly uncertainty: number;
  /** Uncertainty plus boosts: what the queue sorts by (outside exploration and diversity picks). */
  readonly score: number;
  readonly exploration: boolean;
  readonly rareClassBoost: number;
  readonly disagreementBoost: number;
  /** 1-based place among the cold start's diversity picks, or null. */
  readonly diversityPick: number | null;
  /** True when a model trained without this item's labels scored it (cross-fitting): the item has a settled label. */
  readonly outOfFold: boolean;
}

export interface RankingPlan {
  readonly model: ClassifierModel | null;
  /** Why there is no model, when there is none. */
  readonly untrained: string | null;
  readonly coldStart: boolean;
  readonly strategy: UncertaintyStrategy;
  readonly labelCounts: readonly number[];
  readonly heldOut: HeldOutMetrics;
  /** The model the held-out estimate trained, for the next version's warm start. */
  readonly heldOutModel: ClassifierModel | null;
  /** Rows of the open items, in queue order. */
  readonly order: Uint32Array;
  /** The first `diversityPicks` rows of `order` are the cold start's picks. */
  readonly diversityPicks: number;
  /** The cross-fitting models, by fold, for the next version's warm starts. */
  readonly crossFitModels: readonly (ClassifierModel | null)[];
  /**
   * Per row; null when there is no model. A row is null when the item has a settled label and no
   * model trained without it could be fitted: it gets no prediction rather than its own label back.
   */
  readonly scores: readonly (RowScore | null)[] | null;
}

/** Rows per step of the per-item bookkeeping after scoring. */
const ROWS_PER_STEP = 4096;

export function planRanking(problem: RankingProblem): RankingPlan {
  return runSteps(planRankingSteps(problem));
}

/**
 * The same computation in steps of bounded work (see lib/active-learning/steps.ts): a server runs
 * it in slices between other requests, so none of them waits for a whole training or rescoring.
 */
export function* planRankingSteps(problem: RankingProblem): Steps<RankingPlan> {
  const { features, open, examples, settings, numClasses, multiLabel, seed } = problem;
  if (open.length !== features.rows) throw new RangeError(`ranking: ${open.length} open flags for ${features.rows} feature rows`);
  const labelCounts = countExampleLabels(examples, numClasses);
  const coldStart = needsColdStart(labelCounts, settings.minPerClass);
  const strategy = settings.strategy;
  const warm = (model: ClassifierModel | null | undefined) => compatibleWarmStart(model ?? null, features, numClasses, multiLabel);

  const untrained = untrainedReason(labelCounts, examples.length, multiLabel);
  let model: ClassifierModel | null = null;
  if (!untrained) {
    const targets: TrainingTargets = multiLabel
      ? { kind: "multi-label", numClasses, labels: examples.map((e) => e.labels) }
      : { kind: "single-label", numClasses, labels: examples.map((e) => e.labels[0] as number) };
    const warmStart = warm(problem.warmStart);
    model = yield* trainClassifierSteps(selectRows(features, examples.map((e) => e.row)), targets, warmStart ? { warmStart } : {});
  }
  const evaluation: HeldOutEvaluation = untrained
    ? { metrics: { evaluated: false, reason: untrained }, model: null }
    : yield* evaluateHeldOutSteps({ features, examples, multiLabel, numClasses, warmStart: warm(problem.heldOutWarmStart) });

  const openRows: number[] = [];
  for (let row = 0; row < open.length; row++) if (open[row]) openRows.push(row);

  let tail: Uint32Array;
  let scores: (RowScore | null)[] | null = null;
  let crossFitModels: readonly (ClassifierModel | null)[] = [];
  if (model) {
    const crossFit = yield* crossFitSteps({
      features,
      examples,
      multiLabel,
      numClasses,
      strategy,
      heldOutModel: evaluation.model,
      warmStarts: (problem.crossFitWarmStarts ?? []).map(warm),
    });
    crossFitModels = crossFit.models;
    ({ tail, scores } = yield* scoreAndRank(model, crossFit, problem));
  } else {
    tail = Uint32Array.from(openRows);
  }

  let order = tail;
  let diversityPicks = 0;
  if (coldStart) {
    const labelledRows = new Set(examples.map((e) => e.row));
    const head = yield* coldStartHeadSteps({
      features,
      candidates: openRows.filter((row) => !labelledRows.has(row)),
      labelled: [...labelledRows],
      count: diversityPickCount(settings.retrainEvery),
      seed,
    });
    const inHead = new Set(head);
    order = Uint32Array.from([...head, ...Array.from(tail).filter((row) => !inHead.has(row))]);
    diversityPicks = head.length;
    if (scores) {
      const rowScores = scores;
      head.forEach((row, k) => {
        const score = rowScores[row];
        if (score) rowScores[row] = { ...score, exploration: false, diversityPick: k + 1 };
      });
    }
  }
  return {
    model,
    untrained,
    coldStart,
    strategy,
    labelCounts,
    heldOut: evaluation.metrics,
    heldOutModel: evaluation.model,
    crossFitModels,
    order,
    diversityPicks,
    scores,
  };
}

function compatibleWarmStart(previous: ClassifierModel | null, features: FeatureMatrix, numClasses: number, multiLabel: boolean): ClassifierModel | null {
  if (!previous || previous.version !== CLASSIFIER_MODEL_VERSION) return null;
  const kind = multiLabel ? "one-vs-rest" : "softmax";
  const same = previous.kind === kind && previous.input === features.kind && previous.inputDim === features.dim && previous.numClasses === numClasses;
  return same ? previous : null;
}

function* scoreAndRank(model: ClassifierModel, crossFit: CrossFit, problem: RankingProblem): Steps<{ tail: Uint32Array; scores: (RowScore | null)[] }> {
  const { features, open, settings, numClasses, multiLabel, seed } = problem;
  const full = yield* rescoreSteps(model, features, { strategy: settings.strategy, keepProbabilities: true });
  const result = yield* crossFittedPredictionsSteps(full, crossFit, { numClasses, multiLabel, strategy: settings.strategy });
  const { predictedSets, confidence, outOfFold } = result;

  const skip = new Uint8Array(features.rows);
  for (let row = 0; row < skip.length; row++) skip[row] = open[row] ? 0 : 1;
  const disagreement = llmDisagreementBoost({ llmLabels: problem.llmLabels, predicted: predictedSets, boost: settings.disagreementBoost });
  const queue = rankQueue(result.scores, {
    strategy: settings.strategy,
    seed,
    explorationShare: settings.explorationShare,
    skip,
    rareClassBoost: { predicted: result.predicted, classes: rareClasses(model.labelCounts), boost: settings.rareClassBoost },
    ...(disagreement ? { extraBoost: disagreement } : {}),
  });
  yield;

  const scores: (RowScore | null)[] = [];
  for (let row = 0; row < predictedSets.length; row++) {
    const rowUncertainty = result.scores[row] as number;
    const predicted = predictedSets[row];
    scores.push(
      predicted
        ? {
            predicted,
            confidence: confidence[row] as number,
            uncertainty: rowUncertainty,
            score: rowUncertainty,
            exploration: false,
            rareClassBoost: 0,
            disagreementBoost: 0,
            diversityPick: null,
            outOfFold: outOfFold[row] === 1,
          }
        : null,
    );
    if ((row + 1) % ROWS_PER_STEP === 0) yield;
  }
  for (let position = 0; position < queue.length; position++) {
    if (position > 0 && position % ROWS_PER_STEP === 0) yield;
    const entry = queue.entryAt(position);
    const row = scores[entry.index];
    if (!row) continue;
    scores[entry.index] = {
      ...row,
      score: entry.score,
      exploration: entry.exploration,
      rareClassBoost: entry.boosts.rareClass,
      disagreementBoost: entry.boosts.extra,
    };
  }
  return { tail: queue.order, scores };
}
