import { describe, expect, it } from "vitest";
import { balancedClassWeights } from "./class-weights";

describe("balancedClassWeights", () => {
  it("gives n / (k * n_c): counts [8, 2] -> [10/16, 10/4]", () => {
    expect(Array.from(balancedClassWeights([8, 2]))).toEqual([0.625, 2.5]);
  });

  it("keeps the total weight equal to the number of examples", () => {
    const counts = [50, 30, 15, 5];
    const weights = balancedClassWeights(counts);
    expect(counts.reduce((sum, count, c) => sum + count * (weights[c] as number), 0)).toBeCloseTo(100, 10);
  });

  it("counts only classes with examples in k and gives absent classes weight 0", () => {
    // n = 6, k = 2 present classes: 6 / (2 * 3) = 1 each.
    expect(Array.from(balancedClassWeights([3, 0, 3]))).toEqual([1, 0, 1]);
  });
});
