import { describe, expect, it } from "vitest";
import { predictProba, predictProbaMatrix } from "./classifier-model";
import { argmaxRows } from "./evaluation";
import { denseFeatureMatrix, sparseFeatureMatrix } from "./feature-matrix";
import { seededRandom } from "@/lib/random";
import { sparseVectorFromEntries } from "./sparse-vector";
import { trainClassifier } from "./train-classifier";

/** Three well-separated Gaussian blobs in 2-D around (0, 4), (4, -2), (-4, -2). */
function blobs(perClass: number, seed: number): { data: Float32Array; labels: Int32Array } {
  const centres = [[0, 4], [4, -2], [-4, -2]] as const;
  const random = seededRandom(seed);
  const data = new Float32Array(perClass * 3 * 2);
  const labels = new Int32Array(perClass * 3);
  for (let i = 0; i < labels.length; i++) {
    const c = i % 3;
    labels[i] = c;
    data[2 * i] = (centres[c]?.[0] as number) + (random.next() - 0.5);
    data[2 * i + 1] = (centres[c]?.[1] as number) + (random.next() - 0.5);
  }
  return { data, labels };
}

describe("trainClassifier (softmax)", () => {
  it("separates a separable toy set perfectly (dense input)", () => {
    const { data, labels } = blobs(30, 1);
    const features = denseFeatureMatrix(data, 2);
    const model = trainClassifier(features, { kind: "single-label", numClasses: 3, labels });
    expect(Array.from(argmaxRows(predictProbaMatrix(model, features), 3))).toEqual(Array.from(labels));
  });

  it("separates a separable toy set perfectly (sparse input, one indicator word per class plus noise)", () => {
    const random = seededRandom(2);
    const vectors = Array.from({ length: 60 }, (_, i) =>
      sparseVectorFromEntries([
        [i % 3, 1],
        [10 + random.int(20), 0.5],
      ]),
    );
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const features = sparseFeatureMatrix(vectors, 64);
    const model = trainClassifier(features, { kind: "single-label", numClasses: 3, labels });
    expect(Array.from(argmaxRows(predictProbaMatrix(model, features), 3))).toEqual(Array.from(labels));
  });

  it("moves the boundary toward the majority class when classes are balanced by weight", () => {
    // 1-D: 40 negatives around -1, 4 positives around +1, overlapping. The point x = 0.3 sits
    // between them: with balanced weights the rare class must become more probable there.
    const random = seededRandom(3);
    const xs: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 40; i++) {
      xs.push(-1 + (random.next() - 0.5) * 3);
      labels.push(0);
    }
    for (let i = 0; i < 4; i++) {
      xs.push(1 + (random.next() - 0.5) * 3);
      labels.push(1);
    }
    const features = denseFeatureMatrix(Float32Array.from(xs), 1);
    const targets = { kind: "single-label" as const, numClasses: 2, labels };
    const probe = Float32Array.of(0.3);
    const unweighted = predictProba(trainClassifier(features, targets, { classWeight: "none" }), probe)[1] as number;
    const balanced = predictProba(trainClassifier(features, targets, { classWeight: "balanced" }), probe)[1] as number;
    expect(unweighted).toBeLessThan(0.5);
    expect(balanced).toBeGreaterThan(unweighted);
    expect(balanced).toBeGreaterThan(0.5);
  });

  it("is deterministic: the same data gives bit-identical weights", () => {
    const { data, labels } = blobs(10, 4);
    const train = () => trainClassifier(denseFeatureMatrix(data, 2), { kind: "single-label", numClasses: 3, labels });
    expect(Array.from(train().weights)).toEqual(Array.from(train().weights));
  });

  it("reaches the same optimum from a warm start as from zero", () => {
    const { data, labels } = blobs(20, 5);
    const features = denseFeatureMatrix(data, 2);
    const targets = { kind: "single-label" as const, numClasses: 3, labels };
    const previous = trainClassifier(denseFeatureMatrix(data.subarray(0, 60), 2), { ...targets, labels: labels.subarray(0, 30) });
    const cold = trainClassifier(features, targets, { tolerance: 1e-7 });
    const warm = trainClassifier(features, targets, { tolerance: 1e-7, warmStart: previous });
    warm.weights.forEach((w, k) => expect(w).toBeCloseTo(cold.weights[k] as number, 3));
  });

  it("never predicts a class without examples and records the label counts", () => {
    const { data, labels } = blobs(10, 6);
    const onlyTwo = Int32Array.from(labels, (label) => (label === 2 ? 0 : label));
    const model = trainClassifier(denseFeatureMatrix(data, 2), { kind: "single-label", numClasses: 3, labels: onlyTwo });
    expect(model.labelCounts).toEqual([20, 10, 0]);
    const probabilities = predictProbaMatrix(model, denseFeatureMatrix(data, 2));
    for (let row = 0; row < labels.length; row++) expect(probabilities[row * 3 + 2]).toBeLessThan(1e-12);
  });

  it("is certain of the only class seen so far", () => {
    const model = trainClassifier(denseFeatureMatrix(Float32Array.of(1, 2), 1), { kind: "single-label", numClasses: 2, labels: [1, 1] });
    expect(Array.from(predictProba(model, Float32Array.of(5)))).toEqual([expect.closeTo(0, 12), expect.closeTo(1, 12)]);
  });

  it("rejects labels outside the label set and mismatched lengths, naming the row", () => {
    const features = denseFeatureMatrix(Float32Array.of(1, 2), 1);
    expect(() => trainClassifier(features, { kind: "single-label", numClasses: 2, labels: [0, 2] })).toThrow(/row 1 has label 2/);
    expect(() => trainClassifier(features, { kind: "single-label", numClasses: 2, labels: [0] })).toThrow(/1 label entries for 2/);
  });
});

describe("trainClassifier (one-vs-rest)", () => {
  it("learns each label on its own: label 0 = x > 0, label 1 = y > 0, both possible at once", () => {
    const random = seededRandom(7);
    const data = new Float32Array(200);
    const labels: number[][] = [];
    for (let i = 0; i < 100; i++) {
      const x = random.next() * 2 - 1;
      const y = random.next() * 2 - 1;
      // Keep a gap around 0 so that the task is separable.
      data[2 * i] = x + Math.sign(x) * 0.2;
      data[2 * i + 1] = y + Math.sign(y) * 0.2;
      labels.push([...(x > 0 ? [0] : []), ...(y > 0 ? [1] : [])]);
    }
    const model = trainClassifier(denseFeatureMatrix(data, 2), { kind: "multi-label", numClasses: 3, labels }, { l2: 0.01 });
    expect(model.kind).toBe("one-vs-rest");
    const both = predictProba(model, Float32Array.of(0.8, 0.8));
    const neither = predictProba(model, Float32Array.of(-0.8, -0.8));
    expect(both[0]).toBeGreaterThan(0.9);
    expect(both[1]).toBeGreaterThan(0.9);
    expect(neither[0]).toBeLessThan(0.1);
    expect(neither[1]).toBeLessThan(0.1);
    // Label 2 has no positive example: it stays at p ~ 0 instead of failing.
    expect(both[2]).toBeLessThan(1e-12);
  });
});
