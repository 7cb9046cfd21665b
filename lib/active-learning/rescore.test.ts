import { describe, expect, it } from "vitest";
import { predictProba, type ClassifierModel } from "./classifier-model";
import { denseFeatureMatrix, sparseFeatureMatrix } from "./feature-matrix";
import { rescore } from "./rescore";
import { seededRandom } from "@/lib/random";
import { sparseVectorFromEntries } from "./sparse-vector";
import { multiLabelUncertainty, uncertainty } from "./uncertainty";

function randomModel(kind: ClassifierModel["kind"], input: ClassifierModel["input"], inputDim: number, numClasses: number): ClassifierModel {
  const random = seededRandom(inputDim * 31 + numClasses);
  return {
    version: 1,
    kind,
    input,
    inputDim,
    numClasses,
    weights: Float32Array.from({ length: inputDim * numClasses }, () => random.next() * 2 - 1),
    bias: Float32Array.from({ length: numClasses }, () => random.next() - 0.5),
    labelCounts: new Array<number>(numClasses).fill(1),
    trainingSize: numClasses,
    l2: 1,
  };
}

describe("rescore", () => {
  // 1 to 6 classes exercise the kernel's blocks of four, two and one class.
  it.each([1, 2, 3, 4, 5, 6])("matches predictProba item by item on dense embeddings (%d classes)", (k) => {
    const dim = 13;
    const rows = 1031; // more than one block of 1024 rows, and an odd last row
    const model = randomModel("softmax", "dense", dim, k);
    const random = seededRandom(k);
    const data = Float32Array.from({ length: rows * dim }, () => random.next() * 2 - 1);
    const result = rescore(model, denseFeatureMatrix(data, dim), { strategy: "entropy", keepProbabilities: true });
    for (const row of [0, 1, 1023, 1024, 1029, 1030]) {
      const expected = predictProba(model, data.subarray(row * dim, (row + 1) * dim));
      for (let c = 0; c < k; c++) expect(result.probabilities?.[row * k + c]).toBeCloseTo(expected[c] as number, 6);
      expect(result.scores[row]).toBeCloseTo(uncertainty(expected, "entropy"), 5);
      expect(result.predicted[row]).toBe(expected.indexOf(Math.max(...expected)));
    }
  });

  it.each([10, 400])("matches predictProba on sparse items, row by row or by column (%d items)", (rows) => {
    const dim = 1000;
    const model = randomModel("softmax", "sparse", dim, 4);
    const random = seededRandom(rows);
    const vectors = Array.from({ length: rows }, () =>
      sparseVectorFromEntries(Array.from({ length: 12 }, () => [random.int(dim), random.next()] as const)),
    );
    const result = rescore(model, sparseFeatureMatrix(vectors, dim), { strategy: "margin", keepProbabilities: true });
    vectors.forEach((vector, row) => {
      const expected = predictProba(model, vector);
      for (let c = 0; c < 4; c++) expect(result.probabilities?.[row * 4 + c]).toBeCloseTo(expected[c] as number, 6);
      expect(result.scores[row]).toBeCloseTo(uncertainty(expected, "margin"), 5);
    });
  });

  it("scores one-vs-rest models per label and aggregates as asked", () => {
    const model = randomModel("one-vs-rest", "dense", 5, 3);
    const data = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i));
    const byMax = rescore(model, denseFeatureMatrix(data, 5), { strategy: "least_confidence" });
    const byMean = rescore(model, denseFeatureMatrix(data, 5), { strategy: "least_confidence", aggregate: "mean" });
    for (let row = 0; row < 4; row++) {
      const p = predictProba(model, data.subarray(row * 5, row * 5 + 5));
      expect(byMax.scores[row]).toBeCloseTo(multiLabelUncertainty(p, "least_confidence", "max"), 6);
      expect(byMean.scores[row]).toBeCloseTo(multiLabelUncertainty(p, "least_confidence", "mean"), 6);
    }
    expect(byMax.probabilities).toBeNull();
  });

  it("refuses items of another kind or width than the model reads", () => {
    const model = randomModel("softmax", "dense", 4, 2);
    expect(() => rescore(model, denseFeatureMatrix(new Float32Array(6), 3), { strategy: "margin" })).toThrow(/reads 4 dense/);
  });
});
