import { describe, expect, it } from "vitest";
import { jaccardDistance, masiDistance } from "./set-distance";

describe("Jaccard distance", () => {
  it.each([
    [["a"], ["a"], 0],
    [["a", "b"], ["a"], 1 / 2],
    [["a", "b"], ["b", "c"], 2 / 3],
    [["a"], ["b"], 1],
    [[], [], 0],
    [[], ["a"], 1],
  ])("d(%j, %j) = %d", (a, b, expected) => {
    expect(jaccardDistance(a, b)).toBeCloseTo(expected, 12);
  });

  it("treats a list as a set (repeats do not count twice)", () => {
    expect(jaccardDistance(["a", "a", "b"], ["a"])).toBeCloseTo(1 / 2, 12);
  });
});

describe("MASI distance (Passonneau 2006): 1 - J * M", () => {
  it.each([
    // identical: J = 1, M = 1
    [["a", "b"], ["b", "a"], 0],
    // subset: J = 1/2, M = 2/3 -> 1 - 1/3
    [["a", "b"], ["a"], 2 / 3],
    [["a"], ["a", "b", "c"], 1 - (1 / 3) * (2 / 3)],
    // overlap without subset: J = 1/3, M = 1/3 -> 1 - 1/9
    [["a", "b"], ["b", "c"], 8 / 9],
    // disjoint: M = 0
    [["a"], ["b"], 1],
    [[], [], 0],
    // the empty set is a subset of any set, but J = 0
    [[], ["a"], 1],
  ])("d(%j, %j) = %d", (a, b, expected) => {
    expect(masiDistance(a, b)).toBeCloseTo(expected, 12);
    expect(masiDistance(b, a)).toBeCloseTo(expected, 12);
  });
});
