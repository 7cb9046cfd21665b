/**
 * How good the project classifier is, measured the only honest way available: a stratified share
 * of the resolved items is held out, a model of the same kind is trained on the rest, and it is
 * scored on the held-out items. Pure: the retrain computes this before training the model it
 * keeps on every resolved item.
 */
import { predictProbaMatrix } from "@/lib/active-learning/classifier-model";
import { argmaxRows, classificationReport, expectedCalibrationError } from "@/lib/active-learning/evaluation";
import { selectRows, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { splitHeldOut } from "@/lib/active-learning/held-out-split";
import { trainClassifier } from "@/lib/active-learning/train-classifier";

/** Resolved items needed before a held-out estimate means anything. */
export const MIN_ITEMS_FOR_HELD_OUT = 20;
export const HELD_OUT_SHARE = 0.2;

export interface TrainingExample {
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

export function evaluateHeldOut(input: {
  readonly features: FeatureMatrix;
  readonly examples: readonly TrainingExample[];
  readonly multiLabel: boolean;
  readonly numClasses: number;
  readonly seed: number;
}): HeldOutMetrics {
  const { features, examples, multiLabel, numClasses } = input;
  if (examples.length < MIN_ITEMS_FOR_HELD_OUT) {
    return { evaluated: false, reason: `${examples.length} resolved item(s); a held-out estimate needs at least ${MIN_ITEMS_FOR_HELD_OUT}` };
  }
  const split = splitHeldOut({
    count: examples.length,
    testShare: HELD_OUT_SHARE,
    seed: input.seed,
    ...(multiLabel ? {} : { strata: examples.map((e) => e.labels[0] ?? 0) }),
  });
  const pick = (indices: Uint32Array) => Array.from(indices, (i) => examples[i] as TrainingExample);
  const train = pick(split.train);
  const test = pick(split.test);
  if (!multiLabel && new Set(train.map((e) => e.labels[0])).size < 2) {
    return { evaluated: false, reason: "the training part of the split holds a single label; label more items of the other labels" };
  }
  const trainFeatures = selectRows(features, train.map((e) => e.row));
  const testFeatures = selectRows(features, test.map((e) => e.row));
  const base = { trainItems: train.length, testItems: test.length };

  if (!multiLabel) {
    const model = trainClassifier(trainFeatures, { kind: "single-label", numClasses, labels: train.map((e) => e.labels[0] as number) });
    const probabilities = predictProbaMatrix(model, testFeatures);
    const gold = test.map((e) => e.labels[0] as number);
    const report = classificationReport(gold, argmaxRows(probabilities, numClasses), numClasses);
    return { evaluated: true, ...base, accuracy: report.accuracy, macroF1: report.macroF1, ece: expectedCalibrationError(probabilities, numClasses, gold) };
  }

  const model = trainClassifier(trainFeatures, { kind: "multi-label", numClasses, labels: train.map((e) => e.labels) });
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
    evaluated: true,
    ...base,
    accuracy: exact / test.length,
    macroF1: labelsSeen > 0 ? f1Sum / labelsSeen : 0,
    ece: expectedCalibrationError(decisions, 2, present),
  };
}
