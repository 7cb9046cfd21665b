import { describe, expect, it } from "vitest";
import { sparseLogits, type ClassifierModel } from "./classifier-model";
import { columnMajorFeatures, logitsByColumn } from "./column-major-features";
import { sparseFeatureMatrix } from "./feature-matrix";
import { sparseVectorFromEntries } from "./sparse-vector";

const matrix = sparseFeatureMatrix(
  [
    sparseVectorFromEntries([[0, 1], [3, 2]]),
    sparseVectorFromEntries([[3, -1]]),
    sparseVectorFromEntries([]),
    sparseVectorFromEntries([[1, 0.5], [2, 4]]),
  ],
  4,
);

describe("columnMajorFeatures", () => {
  it("transposes rows to columns by hand: column 3 holds rows 0 (2) and 1 (-1)", () => {
    const transposed = columnMajorFeatures(matrix);
    expect(Array.from(transposed.columnStart)).toEqual([0, 1, 2, 3, 5]);
    expect(Array.from(transposed.rowIndex)).toEqual([0, 3, 3, 0, 1]);
    expect(Array.from(transposed.values)).toEqual([1, 0.5, 4, 2, -1]);
  });

  it("builds the transpose once per matrix", () => {
    expect(columnMajorFeatures(matrix)).toBe(columnMajorFeatures(matrix));
  });
});

describe("logitsByColumn", () => {
  it("equals the row-by-row logits, columns without weight included", () => {
    const model: ClassifierModel = {
      version: 1,
      kind: "softmax",
      input: "sparse",
      inputDim: 4,
      numClasses: 2,
      // Column 2 has no weight for either class and is skipped.
      weights: Float32Array.of(1, -1, 0.5, 2, 0, 0, -3, 1),
      bias: Float32Array.of(0.25, -0.25),
      labelCounts: [1, 1],
      trainingSize: 2,
      l2: 1,
    };
    const logits = logitsByColumn(model, columnMajorFeatures(matrix));
    const row = new Float64Array(2);
    matrix.vectors.forEach((vector, i) => {
      sparseLogits(model, vector, row);
      expect(logits[2 * i]).toBeCloseTo(row[0] as number, 12);
      expect(logits[2 * i + 1]).toBeCloseTo(row[1] as number, 12);
    });
    // Row 0 by hand: class 0 = 0.25 + 1 * 1 + 2 * (-3) = -4.75.
    expect(logits[0]).toBeCloseTo(-4.75, 12);
  });
});
