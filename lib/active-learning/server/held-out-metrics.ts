/**
 * How good the project classifier is, measured on items it was not trained on: every item is
 * held out or not by a hash of its id (one in five), a model of the same kind is trained on the
 * other resolved items and scored on the held-out ones.
 *
 * The split is fixed per item rather than drawn anew each version, so the evaluation model of one
 * version can start from the previous one (a warm start, the same optimum in a fraction of the
 * time) without ever having seen an item it is now tested on.
 */
import "server-only";
import { predictProbaMatrix, type ClassifierModel } from "@/lib/active-learning/classifier-model";
import { argmaxRows, classificationReport, expectedCalibrationError } from "@/lib/active-learning/evaluation";
import { selectRows, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { murmurHash3 } from "@/lib/active-learning/murmur-hash";
import { runSteps, type Steps } from "@/lib/active-learning/steps";
import { trainClassifierSteps } from "@/lib/active-learning/train-classifier";

/** Resolved items needed before a held-out estimate means anything. */
export const MIN_ITEMS_FOR_HELD_OUT = 20;
/** One item in HELD_OUT_ONE_IN is held out. */
export const HELD_OUT_ONE_IN = 5;
const MIN_HELD_OUT_ITEMS = 4;

/**
 * The fold (0 .. HELD_OUT_ONE_IN - 1) of the item with this stable key (its database id), the same
 * in every version. Fold 0 is the held-out evaluation's test set; cross-fit.ts scores each fold's
 * items with a model trained on the other folds.
 */
export function foldOf(key: number): number {
  return murmurHash3(`held-out:${key}`) % HELD_OUT_ONE_IN;
}

/** Whether the item with this stable key (its database id) is a held-out item, in every version. */
export function isHeldOut(key: number): boolean {
  return foldOf(key) === 0;
}

export interface TrainingExample {
  /** The item's stable key (its database id): decides whether it is held out. */
  readonly key: number;
  /** Row of the item in the feature matrix. */
  readonly row: number;
  /** Label indices: exactly one for single-label projects, any number for multi-label ones. */
  readonly labels: readonly number[];
}

export type HeldOutMetrics =
  | {
      readonly evaluated: true;
      readonly trainItems: number;
      readonly testItems: number;
      /** Single-label: share predicted right. Multi-label: share whose whole label set is right. */
      readonly accuracy: number;
      readonly macroF1: number;
      /** Expected calibration error, 10 bins (multi-label: over every item-label decision). */
      readonly ece: number;
    }
  | { readonly evaluated: false; readonly reason: string };

export interface HeldOutEvaluation {
  readonly metrics: HeldOutMetrics;
  /** The model trained on the non-held-out items: the next version's warm start. */
  readonly model: ClassifierModel | null;
}

export interface HeldOutProblem {
  readonly features: FeatureMatrix;
  readonly examples: readonly TrainingExample[];
  readonly multiLabel: boolean;
  readonly numClasses: number;
  /** The previous version's evaluation model, when it has the same shape. */
  readonly warmStart?: ClassifierModel | null;
}

export function evaluateHeldOut(input: HeldOutProblem): HeldOutEvaluation {
  return runSteps(evaluateHeldOutSteps(input));
}

/** `evaluateHeldOut` in steps (see lib/active-learning/steps.ts): the evaluation model trains in bounded pieces. */
export function* evaluateHeldOutSteps(input: HeldOutProblem): Steps<HeldOutEvaluation> {
  const { features, examples, multiLabel, numClasses } = input;
  const notEvaluated = (reason: string): HeldOutEvaluation => ({ metrics: { evaluated: false, reason }, model: null });
  if (examples.length < MIN_ITEMS_FOR_HELD_OUT) {
    return notEvaluated(`${examples.length} resolved item(s); a held-out estimate needs at least ${MIN_ITEMS_FOR_HELD_OUT}`);
  }
  const test = examples.filter((e) => isHeldOut(e.key));
  const train = examples.filter((e) => !isHeldOut(e.key));
  if (test.length < MIN_HELD_OUT_ITEMS) return notEvaluated(`only ${test.length} of the ${examples.length} resolved items are held out; at least ${MIN_HELD_OUT_ITEMS} are needed`);
  if (!multiLabel && new Set(train.map((e) => e.labels[0])).size < 2) {
    return notEvaluated("the items the evaluation trains on hold a single label; label more items of the other labels");
  }
  const trainFeatures = selectRows(features, train.map((e) => e.row));
  const testFeatures = selectRows(features, test.map((e) => e.row));
  const base = { trainItems: train.length, testItems: test.length };
  const options = input.warmStart ? { warmStart: input.warmStart } : {};

  if (!multiLabel) {
    const model = yield* trainClassifierSteps(trainFeatures, { kind: "single-label", numClasses, labels: train.map((e) => e.labels[0] as number) }, options);
    const probabilities = predictProbaMatrix(model, testFeatures);
    const gold = test.map((e) => e.labels[0] as number);
    const report = classificationReport(gold, argmaxRows(probabilities, numClasses), numClasses);
    return {
      metrics: { evaluated: true, ...base, accuracy: report.accuracy, macroF1: report.macroF1, ece: expectedCalibrationError(probabilities, numClasses, gold) },
      model,
    };
  }

  const model = yield* trainClassifierSteps(trainFeatures, { kind: "multi-label", numClasses, labels: train.map((e) => e.labels) }, options);
  const probabilities = predictProbaMatrix(model, testFeatures);
  // Every item-label decision as a two-outcome prediction: [p(absent), p(present)].
  const decisions = new Float32Array(test.length * numClasses * 2);
  const present = new Int32Array(test.length * numClasses);
  const truePositives = new Float64Array(numClasses);
  const predictedPositives = new Float64Array(numClasses);
  const actualPositives = new Float64Array(numClasses);
  let exact = 0;
  test.forEach((example, row) => {
    const gold = new Set(example.labels);
    let allRight = true;
    for (let c = 0; c < numClasses; c++) {
      const p = probabilities[row * numClasses + c] as number;
      const k = row * numClasses + c;
      decisions[2 * k] = 1 - p;
      decisions[2 * k + 1] = p;
      const isGold = gold.has(c);
      present[k] = isGold ? 1 : 0;
      const isPredicted = p >= 0.5;
      if (isGold !== isPredicted) allRight = false;
      if (isGold) actualPositives[c] = (actualPositives[c] as number) + 1;
      if (isPredicted) predictedPositives[c] = (predictedPositives[c] as number) + 1;
      if (isGold && isPredicted) truePositives[c] = (truePositives[c] as number) + 1;
    }
    if (allRight) exact++;
  });
  let f1Sum = 0;
  let labelsSeen = 0;
  for (let c = 0; c < numClasses; c++) {
    const denominator = (predictedPositives[c] as number) + (actualPositives[c] as number);
    if (denominator === 0) continue;
    f1Sum += (2 * (truePositives[c] as number)) / denominator;
    labelsSeen++;
  }
  return {
    metrics: {
      evaluated: true,
      ...base,
      accuracy: exact / test.length,
      macroF1: labelsSeen > 0 ? f1Sum / labelsSeen : 0,
      ece: expectedCalibrationError(decisions, 2, present),
    },
    model,
  };
}
