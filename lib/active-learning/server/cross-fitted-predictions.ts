/**
 * Every item's prediction with the cross-fitted ones laid over the full model's: a trained item
 * takes its fold's scores (cross-fit.ts), and one whose fold has no model keeps nothing of the full
 * model, which trained on its label: it ranks as if the model knew nothing (every label equally
 * likely) and gets no prediction.
 */
import "server-only";
import type { RescoreResult } from "@/lib/active-learning/rescore";
import type { Steps } from "@/lib/active-learning/steps";
import { multiLabelUncertainty, uncertainty, type UncertaintyStrategy } from "@/lib/active-learning/uncertainty";
import type { CrossFit } from "./cross-fit";

/** A predicted class no label has: a row without a prediction gets no rare-class boost. */
export const NO_CLASS = 0xffff;

/** Rows per step of the per-row bookkeeping. */
export const PREDICTION_ROWS_PER_STEP = 4096;

export interface CrossFittedPredictions {
  /** Uncertainty per row. */
  readonly scores: Float32Array;
  /** Most probable class per row; NO_CLASS for a row without a prediction. */
  readonly predicted: Uint16Array;
  /** rows x numClasses; uniform for a row without a prediction. */
  readonly probabilities: Float32Array;
  /** 1 where a model trained without the row's labels scored it. */
  readonly outOfFold: Uint8Array;
  /** The predicted label set per row, or null for a row without a prediction. */
  readonly predictedSets: (number[] | null)[];
  /** Single-label: the top probability. Multi-label: the least sure per-label decision. 0 without a prediction. */
  readonly confidence: Float64Array;
}

/**
 * Takes over `full` (the full model's scores, with probabilities) and overwrites the cross-fitted
 * rows in place.
 */
export function* crossFittedPredictionsSteps(
  full: RescoreResult,
  crossFit: CrossFit,
  { numClasses, multiLabel, strategy }: { numClasses: number; multiLabel: boolean; strategy: UncertaintyStrategy },
): Steps<CrossFittedPredictions> {
  const { scores, predicted } = full;
  const probabilities = full.probabilities;
  if (!probabilities) throw new TypeError("crossFittedPredictions: the full model's probabilities are needed");
  const rows = scores.length;
  const outOfFold = new Uint8Array(rows);
  const unpredicted = new Uint8Array(rows);
  const uniform = new Array<number>(numClasses).fill(multiLabel ? 0.5 : 1 / numClasses);
  const knowingNothing = multiLabel ? multiLabelUncertainty(uniform, strategy) : uncertainty(uniform, strategy);
  for (const { rows: foldRows, result: foldResult } of crossFit.folds) {
    foldRows.forEach((row, i) => {
      if (!foldResult) {
        unpredicted[row] = 1;
        scores[row] = knowingNothing;
        predicted[row] = NO_CLASS;
        probabilities.fill(uniform[0] as number, row * numClasses, (row + 1) * numClasses);
        return;
      }
      outOfFold[row] = 1;
      scores[row] = foldResult.scores[i] as number;
      predicted[row] = foldResult.predicted[i] as number;
      probabilities.set((foldResult.probabilities as Float32Array).subarray(i * numClasses, (i + 1) * numClasses), row * numClasses);
    });
    yield;
  }

  const predictedSets: (number[] | null)[] = [];
  const confidence = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    // At the top of the loop, so rows without a prediction count towards the step too.
    if (row > 0 && row % PREDICTION_ROWS_PER_STEP === 0) yield;
    if (unpredicted[row]) {
      predictedSets.push(null);
      continue;
    }
    const p = probabilities.subarray(row * numClasses, (row + 1) * numClasses);
    if (multiLabel) {
      const chosen: number[] = [];
      let leastSure = 1;
      for (let c = 0; c < numClasses; c++) {
        const pc = p[c] as number;
        if (pc >= 0.5) chosen.push(c);
        leastSure = Math.min(leastSure, Math.max(pc, 1 - pc));
      }
      predictedSets.push(chosen);
      confidence[row] = leastSure;
    } else {
      const best = predicted[row] as number;
      predictedSets.push([best]);
      confidence[row] = p[best] as number;
    }
  }
  return { scores, predicted, probabilities, outOfFold, predictedSets, confidence };
}
