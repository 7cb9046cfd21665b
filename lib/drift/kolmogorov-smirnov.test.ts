import { describe, expect, it } from "vitest";
import { kolmogorovSmirnov, kolmogorovSurvival, medianOfCounts } from "./kolmogorov-smirnov";

const sample = (...values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

describe("kolmogorovSmirnov", () => {
  it("is D = 1 for samples that do not overlap", () => {
    // Ne = 1.5, λ = (√1.5 + 0.12 + 0.11/√1.5)·1 = 1.434555; Q_KS(λ) = 0.032622.
    const ks = kolmogorovSmirnov(sample(1, 2, 3), sample(4, 5, 6))!;
    expect(ks.d).toBe(1);
    expect(ks.pValue).toBeCloseTo(0.032622, 5);
  });

  it("finds the largest gap between the step functions", () => {
    // F_a at 1,2,3,4 = ¼,½,¾,1; F_b at 3,4,5,6 = ¼,½,¾,1. Gaps: ¼, ½, ½, ½, ¼, 0 → D = ½.
    expect(kolmogorovSmirnov(sample(1, 2, 3, 4), sample(3, 4, 5, 6))!.d).toBe(0.5);
  });

  it("is D = 0 and p = 1 for the same sample", () => {
    expect(kolmogorovSmirnov(sample(5, 7, 7), sample(5, 7, 7))).toEqual({ d: 0, pValue: 1 });
  });

  it("has no value for an empty sample", () => {
    expect(kolmogorovSmirnov(sample(), sample(1))).toBeNull();
  });
});

describe("kolmogorovSurvival", () => {
  it("matches the Kolmogorov distribution's published values", () => {
    expect(kolmogorovSurvival(1)).toBeCloseTo(0.2699997, 6);
    // 1.358 is the 5% critical value of √n·D.
    expect(kolmogorovSurvival(1.358)).toBeCloseTo(0.05, 3);
  });
});

describe("medianOfCounts", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(medianOfCounts(sample(3, 1, 2))).toBe(2);
    expect(medianOfCounts(sample(3, 3, 3, 5))).toBe(3);
    expect(medianOfCounts(sample(2, 5))).toBe(3.5);
    expect(medianOfCounts(sample())).toBeNull();
  });
});
