import { describe, expect, it } from "vitest";
import { chiSquareHomogeneity, chiSquareSurvival, logGamma } from "./chi-square";

describe("chiSquareSurvival", () => {
  it("is e^(-x/2) with 2 degrees of freedom", () => {
    expect(chiSquareSurvival(4, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(chiSquareSurvival(30, 2)).toBeCloseTo(Math.exp(-15), 15);
  });

  it("gives the textbook 5% point with 1 and 4 degrees of freedom", () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(9.487729, 4)).toBeCloseTo(0.05, 6);
  });

  it("is 1 at 0", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it("rests on ln Γ: Γ(5) = 24, Γ(½) = √π", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe("chiSquareHomogeneity", () => {
  it("works a 2×2 table by hand", () => {
    // Batch ham 2, spam 2; pool ham 1, spam 0. N = 5; expected batch 2.4, 1.6; pool 0.6, 0.4.
    // X² = 0.16/2.4 + 0.16/0.6 + 0.16/1.6 + 0.16/0.4 = 0.8333…; 1 df: p = erfc(√(X²/2)) = 0.361310.
    const test = chiSquareHomogeneity([2, 2], [1, 0])!;
    expect(test.statistic).toBeCloseTo(5 / 6, 12);
    expect(test.degreesOfFreedom).toBe(1);
    expect(test.pValue).toBeCloseTo(0.361310, 6);
  });

  it("finds opposite labels very unlikely from one distribution", () => {
    // Expected 5 in every cell: X² = 4 × 25/5 = 20; p = erfc(√10) = 7.7442e-6.
    const test = chiSquareHomogeneity([10, 0], [0, 10])!;
    expect(test.statistic).toBeCloseTo(20, 12);
    expect(test.pValue).toBeCloseTo(7.7442e-6, 9);
  });

  it("drops labels absent from both sides and has nothing to test with one label left", () => {
    expect(chiSquareHomogeneity([3, 0], [4, 0])).toBeNull();
    expect(chiSquareHomogeneity([3, 0, 1], [4, 0, 2])!.degreesOfFreedom).toBe(1);
  });
});
