import { describe, expect, it } from "vitest";
import { labelsToTarget, simulateAnnotation, type LearningCurvePoint } from "./annotation-simulation";
import { denseFeatureMatrix } from "./feature-matrix";
import { seededRandom } from "@/lib/random";

/** 90 items in three separable blobs; items 0-59 are the pool, 60-89 the test set. */
function toyTask() {
  const random = seededRandom(1);
  const centres = [[0, 3], [3, -2], [-3, -2]] as const;
  const data = new Float32Array(180);
  const gold = new Int32Array(90);
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    gold[i] = c;
    data[2 * i] = (centres[c]?.[0] as number) + random.next() - 0.5;
    data[2 * i + 1] = (centres[c]?.[1] as number) + random.next() - 0.5;
  }
  return {
    features: denseFeatureMatrix(data, 2),
    gold,
    numClasses: 3,
    pool: Uint32Array.from({ length: 60 }, (_, i) => i),
    test: Uint32Array.from({ length: 30 }, (_, i) => 60 + i),
    batch: 6,
    maxLabels: 30,
    metric: (report: { accuracy: number }) => report.accuracy,
  };
}

describe("simulateAnnotation", () => {
  it.each(["random", "margin"] as const)("retrains after every batch and learns the toy task (%s)", (strategy) => {
    const curve = simulateAnnotation({ ...toyTask(), strategy, seed: 3 });
    expect(curve.map((point) => point.labels)).toEqual([6, 12, 18, 24, 30]);
    expect(curve[curve.length - 1]?.metric).toBe(1);
  });

  it("uses the diversity cold start until every class has three labels, then the model", () => {
    const curve = simulateAnnotation({ ...toyTask(), strategy: "entropy", seed: 3 });
    // k-means++ over three far-apart blobs gives every class three labels within two batches of six.
    expect(curve[0]?.coldStart).toBe(true);
    expect(curve.slice(2).every((point) => !point.coldStart)).toBe(true);
  });

  it("never runs the random baseline through the cold start", () => {
    expect(simulateAnnotation({ ...toyTask(), strategy: "random", seed: 1 }).some((point) => point.coldStart)).toBe(false);
  });

  it("is reproducible from the seed", () => {
    const a = simulateAnnotation({ ...toyTask(), strategy: "margin", seed: 5 });
    const b = simulateAnnotation({ ...toyTask(), strategy: "margin", seed: 5 });
    expect(a).toEqual(b);
  });
});

describe("labelsToTarget", () => {
  const curve: LearningCurvePoint[] = [
    { labels: 10, metric: 0.5, coldStart: true },
    { labels: 20, metric: 0.91, coldStart: false },
    { labels: 30, metric: 0.88, coldStart: false },
    { labels: 40, metric: 0.95, coldStart: false },
  ];

  it("returns the labels at the first point that reaches the target", () => {
    expect(labelsToTarget(curve, 0.9)).toBe(20);
    expect(labelsToTarget(curve, 0.95)).toBe(40);
  });

  it("returns null when the target is never reached", () => {
    expect(labelsToTarget(curve, 0.99)).toBeNull();
  });
});
