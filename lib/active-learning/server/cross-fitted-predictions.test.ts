import { describe, expect, it } from "vitest";
import type { RescoreResult } from "@/lib/active-learning/rescore";
import { runSteps } from "@/lib/active-learning/steps";
import type { CrossFit } from "./cross-fit";
import { crossFittedPredictionsSteps, NO_CLASS, PREDICTION_ROWS_PER_STEP } from "./cross-fitted-predictions";

/** What the full model said: it trained on rows 0 and 1, so its view of them must not survive. */
function fullModel(probabilities: number[], numClasses: number): RescoreResult {
  const rows = probabilities.length / numClasses;
  return {
    scores: Float32Array.from({ length: rows }, () => 0.25),
    predicted: Uint16Array.from({ length: rows }, (_, row) => (probabilities[row * numClasses]! >= 0.5 ? 0 : 1)),
    probabilities: Float32Array.from(probabilities),
  };
}

describe("crossFittedPredictions", () => {
  it("keeps nothing of the full model for a trained row whose fold has no model: uniform probabilities, no prediction", () => {
    // Row 0: its fold has no model. Row 1: cross-fitted (0.6 / 0.4). Row 2: never trained on, the full model's.
    const crossFit: CrossFit = {
      folds: [
        { fold: 0, rows: [0], result: null },
        { fold: 1, rows: [1], result: { scores: Float32Array.of(0.8), predicted: Uint16Array.of(0), probabilities: Float32Array.of(0.6, 0.4) } },
      ],
      models: [],
    };
    const result = runSteps(crossFittedPredictionsSteps(fullModel([0.9, 0.1, 0.2, 0.8, 0.7, 0.3], 2), crossFit, { numClasses: 2, multiLabel: false, strategy: "margin" }));
    expect(Array.from(result.probabilities)).toEqual([0.5, 0.5, Math.fround(0.6), Math.fround(0.4), Math.fround(0.7), Math.fround(0.3)]);
    expect(Array.from(result.predicted)).toEqual([NO_CLASS, 0, 0]);
    expect(result.predictedSets).toEqual([null, [0], [0]]);
    expect(Array.from(result.confidence)).toEqual([0, Math.fround(0.6), Math.fround(0.7)]);
    expect(Array.from(result.outOfFold)).toEqual([0, 1, 0]);
    // Margin at a tie: 1 - (0.5 - 0.5) = 1.
    expect(Array.from(result.scores)).toEqual([1, Math.fround(0.8), 0.25]);
  });

  it("gives a multi-label row without a model 0.5 for every label", () => {
    const crossFit: CrossFit = { folds: [{ fold: 0, rows: [0], result: null }], models: [] };
    const result = runSteps(crossFittedPredictionsSteps(fullModel([0.9, 0.05, 0.8], 3), crossFit, { numClasses: 3, multiLabel: true, strategy: "margin" }));
    expect(Array.from(result.probabilities)).toEqual([0.5, 0.5, 0.5]);
    expect(result.predictedSets).toEqual([null]);
  });

  it("pauses every PREDICTION_ROWS_PER_STEP rows, rows without a prediction included", () => {
    const rows = 3 * PREDICTION_ROWS_PER_STEP + 5;
    const crossFit: CrossFit = { folds: [{ fold: 0, rows: Array.from({ length: rows }, (_, row) => row), result: null }], models: [] };
    const steps = crossFittedPredictionsSteps(fullModel(new Array<number>(rows * 2).fill(0.5), 2), crossFit, { numClasses: 2, multiLabel: false, strategy: "margin" });
    let pauses = 0;
    while (!steps.next().done) pauses++;
    // One after the fold, then one before rows 4096, 8192 and 12288.
    expect(pauses).toBe(4);
  });
});
