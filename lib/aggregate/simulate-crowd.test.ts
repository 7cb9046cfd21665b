import { describe, expect, it } from "vitest";
import { simulateCrowd } from "@/lib/aggregate/simulate-crowd";

describe("simulateCrowd", () => {
  const confusion = [
    [0.7, 0.3],
    [0.2, 0.8],
  ];
  const simulation = { itemCount: 20_000, classes: ["no", "yes"], classPriors: [0.25, 0.75], annotators: [{ annotator: "a", confusion }], seed: 3 };

  it("draws classes and responses at the rates it was given", () => {
    const { rows, truth } = simulateCrowd(simulation);
    expect(rows).toHaveLength(20_000);
    // Standard errors are at most 0.0035 for the share and 0.007 for each rate.
    expect(truth.filter((label) => label === "no").length / truth.length).toBeCloseTo(0.25, 1);
    ["no", "yes"].forEach((trueClass, classIndex) => {
      const answers = rows.filter((_, item) => truth[item] === trueClass);
      const saidYes = answers.filter((row) => row.label === "yes").length / answers.length;
      expect(Math.abs(saidYes - confusion[classIndex]![1]!)).toBeLessThan(0.03);
    });
  });

  it("gives the same rows for the same seed and different rows for another", () => {
    const small = { ...simulation, itemCount: 50 };
    expect(simulateCrowd(small)).toEqual(simulateCrowd(small));
    expect(simulateCrowd({ ...small, seed: 4 }).rows).not.toEqual(simulateCrowd(small).rows);
  });

  it("rejects a confusion row that is not a probability distribution", () => {
    const broken = { ...simulation, annotators: [{ annotator: "a", confusion: [[0.7, 0.2], confusion[1]!] }] };
    expect(() => simulateCrowd(broken)).toThrow(/annotator "a" row 0 must hold 2 non-negative probabilities summing to 1/);
  });
});
