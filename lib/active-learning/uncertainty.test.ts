import { describe, expect, it } from "vitest";
import { entropy, leastConfidence, marginUncertainty, multiLabelUncertainty, uncertainty } from "./uncertainty";

describe("uncertainty strategies on p = [0.5, 0.3, 0.2]", () => {
  const p = [0.5, 0.3, 0.2];

  it("least confidence is 1 - 0.5 = 0.5", () => expect(leastConfidence(p)).toBeCloseTo(0.5, 12));
  it("margin is 1 - (0.5 - 0.3) = 0.8", () => expect(marginUncertainty(p)).toBeCloseTo(0.8, 12));
  it("entropy is -(0.5 ln 0.5 + 0.3 ln 0.3 + 0.2 ln 0.2) = 1.0296530 nats", () => {
    expect(entropy(p)).toBeCloseTo(1.029653, 6);
    expect(entropy(p) / Math.LN2).toBeCloseTo(1.485475, 6); // in bits
  });
  it("finds the top two in any order", () => expect(marginUncertainty([0.2, 0.3, 0.5])).toBeCloseTo(0.8, 12));
});

describe("uncertainty extremes", () => {
  it("is 0 for every strategy when the model is certain", () => {
    for (const strategy of ["least_confidence", "margin", "entropy"] as const) expect(uncertainty([0, 1, 0], strategy)).toBe(0);
  });

  it("is at its maximum for a uniform distribution: 1 - 1/k, 1, ln k", () => {
    const uniform = [0.25, 0.25, 0.25, 0.25];
    expect(uncertainty(uniform, "least_confidence")).toBeCloseTo(0.75, 12);
    expect(uncertainty(uniform, "margin")).toBeCloseTo(1, 12);
    expect(uncertainty(uniform, "entropy")).toBeCloseTo(Math.log(4), 12);
  });

  it("ranks a tie between two classes above a confident call", () => {
    for (const strategy of ["least_confidence", "margin", "entropy"] as const) {
      expect(uncertainty([0.45, 0.45, 0.1], strategy)).toBeGreaterThan(uncertainty([0.8, 0.1, 0.1], strategy));
    }
  });
});

describe("multiLabelUncertainty on per-label p = [0.9, 0.5]", () => {
  const p = [0.9, 0.5];

  it("least confidence per label is min(p, 1 - p) = [0.1, 0.5]: max 0.5, mean 0.3", () => {
    expect(multiLabelUncertainty(p, "least_confidence")).toBeCloseTo(0.5, 12);
    expect(multiLabelUncertainty(p, "least_confidence", "mean")).toBeCloseTo(0.3, 12);
  });

  it("margin per label is 1 - |2p - 1| = [0.2, 1]: max 1, mean 0.6", () => {
    expect(multiLabelUncertainty(p, "margin")).toBeCloseTo(1, 12);
    expect(multiLabelUncertainty(p, "margin", "mean")).toBeCloseTo(0.6, 12);
  });

  it("entropy per label is the binary entropy = [0.3250830, 0.6931472]", () => {
    expect(multiLabelUncertainty(p, "entropy")).toBeCloseTo(Math.LN2, 12);
    expect(multiLabelUncertainty(p, "entropy", "mean")).toBeCloseTo((0.325083 + 0.6931472) / 2, 6);
  });
});
