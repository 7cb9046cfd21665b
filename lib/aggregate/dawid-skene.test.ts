import { describe, expect, it } from "vitest";
import { dawidSkene } from "@/lib/aggregate/dawid-skene";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import { simulateCrowd, type SimulatedAnnotator } from "@/lib/aggregate/simulate-crowd";
import type { AnnotationRow } from "@/lib/aggregate/types";

// Two items, two annotators: a says A to both, b says A to x and B to y.
const tiny: AnnotationRow[] = [
  { item: "x", annotator: "a", label: "A" },
  { item: "x", annotator: "b", label: "A" },
  { item: "y", annotator: "a", label: "A" },
  { item: "y", annotator: "b", label: "B" },
];

describe("dawidSkene on a case worked by hand", () => {
  // Start: x = [1, 0], y = [1/2, 1/2] (response shares).
  // M-step: priors [(1 + 1/2)/2, (1/2)/2] = [3/4, 1/4];
  //   a: row A = [1.5, 0]/1.5 = [1, 0], row B = [0.5, 0]/0.5 = [1, 0];
  //   b: row A = [1, 0.5]/1.5 = [2/3, 1/3], row B = [0, 0.5]/0.5 = [0, 1].
  // E-step: x ∝ [3/4 · 1 · 2/3, 1/4 · 1 · 0] = [1/2, 0] → [1, 0];
  //         y ∝ [3/4 · 1 · 1/3, 1/4 · 1 · 1] = [1/4, 1/4] → [1/2, 1/2].
  // The posteriors are back where they started, so the second iteration changes nothing, and
  // log L = ln(1/2) + ln(1/2).
  it("reaches the fixed point after two iterations with the hand-computed parameters", () => {
    const result = dawidSkene(tiny, { smoothing: 0 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(2);
    expect(result.logLikelihood).toBeCloseTo(2 * Math.log(0.5), 12);
    expect(result.logLikelihoodTrace).toHaveLength(2);
    expect(result.classes).toEqual(["A", "B"]);
    expect(result.classPriors[0]).toBeCloseTo(3 / 4, 12);
    expect(result.classPriors[1]).toBeCloseTo(1 / 4, 12);
    const [a, b] = result.confusionMatrices;
    expect(a?.annotator).toBe("a");
    expect(a?.matrix).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(b?.matrix[0]?.[0]).toBeCloseTo(2 / 3, 12);
    expect(b?.matrix[0]?.[1]).toBeCloseTo(1 / 3, 12);
    expect(b?.matrix[1]).toEqual([0, 1]);
    expect(result.items[0]).toEqual({ item: "x", label: "A", confidence: 1, posterior: [1, 0] });
    expect(result.items[1]?.confidence).toBeCloseTo(0.5, 12);
    expect(result.items[1]?.posterior[0]).toBeCloseTo(0.5, 12);
  });

  // One iteration with pseudo-count 1 on every cell and every prior count:
  // priors [(1.5 + 1)/4, (0.5 + 1)/4] = [5/8, 3/8];
  // a: row A = [2.5, 1]/3.5 = [5/7, 2/7], row B = [1.5, 1]/2.5 = [3/5, 2/5];
  // b: row A = [2, 1.5]/3.5 = [4/7, 3/7], row B = [1, 1.5]/2.5 = [2/5, 3/5].
  // x (a: A, b: A) ∝ [5/8 · 5/7 · 4/7, 3/8 · 3/5 · 2/5]; y (a: A, b: B) ∝ [5/8 · 5/7 · 3/7, 3/8 · 3/5 · 3/5].
  it("applies the smoothing pseudo-count to confusion cells and priors", () => {
    const result = dawidSkene(tiny, { smoothing: 1, maxIterations: 1 });
    const x = [(5 / 8) * (5 / 7) * (4 / 7), (3 / 8) * (3 / 5) * (2 / 5)] as const;
    const y = [(5 / 8) * (5 / 7) * (3 / 7), (3 / 8) * (3 / 5) * (3 / 5)] as const;
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
    expect(result.classPriors[0]).toBeCloseTo(5 / 8, 12);
    expect(result.confusionMatrices[0]?.matrix[1]?.[0]).toBeCloseTo(3 / 5, 12);
    expect(result.confusionMatrices[1]?.matrix[0]?.[1]).toBeCloseTo(3 / 7, 12);
    expect(result.items[0]?.confidence).toBeCloseTo(x[0] / (x[0] + x[1]), 12);
    expect(result.items[1]?.confidence).toBeCloseTo(y[0] / (y[0] + y[1]), 12);
    expect(result.logLikelihood).toBeCloseTo(Math.log(x[0] + x[1]) + Math.log(y[0] + y[1]), 12);
  });

  it("keeps a class the caller names but nobody chose, with zero prior", () => {
    const result = dawidSkene(tiny, { classes: ["A", "B", "C"] });
    expect(result.classes).toEqual(["A", "B", "C"]);
    expect(result.classPriors[2]).toBe(0);
    expect(result.items.every((item) => item.posterior[2] === 0)).toBe(true);
  });

  it("rejects a label missing from the given classes, naming the row", () => {
    expect(() => dawidSkene(tiny, { classes: ["A"] })).toThrow(/row 3 .*label "B".*not in the given classes/);
  });

  it("rejects settings EM cannot run with, saying which", () => {
    expect(() => dawidSkene(tiny, { maxIterations: 0 })).toThrow(/maxIterations must be a whole number of at least 1; got 0/);
    expect(() => dawidSkene(tiny, { smoothing: -0.5 })).toThrow(/smoothing must be 0 or more; got -0.5/);
  });

  it("stops at maxIterations and says it has not converged", () => {
    const result = dawidSkene(tiny, { maxIterations: 1 });
    expect(result).toMatchObject({ iterations: 1, converged: false });
  });

  it("returns an empty result for no rows", () => {
    expect(dawidSkene([])).toMatchObject({ items: [], classes: [], iterations: 0, converged: true });
  });
});

describe("dawidSkene on a simulated crowd with known error rates", () => {
  const classes = ["A", "B", "C"];
  const classPriors = [0.5, 0.3, 0.2];
  const expert = [
    [0.85, 0.1, 0.05],
    [0.1, 0.85, 0.05],
    [0.05, 0.1, 0.85],
  ];
  // Mostly answers A whatever the item is: outvotes the experts under majority vote.
  const lazy = [
    [0.8, 0.1, 0.1],
    [0.6, 0.3, 0.1],
    [0.6, 0.1, 0.3],
  ];
  const annotators: SimulatedAnnotator[] = [
    { annotator: "expert-1", confusion: expert },
    { annotator: "expert-2", confusion: expert },
    { annotator: "lazy-1", confusion: lazy },
    { annotator: "lazy-2", confusion: lazy },
    { annotator: "lazy-3", confusion: lazy },
  ];
  const crowd = simulateCrowd({ itemCount: 3000, classes, classPriors, annotators, seed: 7 });
  const result = dawidSkene(crowd.rows);
  const accuracy = (labels: readonly (string | null)[]) =>
    labels.filter((label, index) => label === crowd.truth[index]).length / labels.length;

  // The best any method can do: the posterior under the true parameters.
  const oracle = accuracy(
    Array.from({ length: 3000 }, (_, item) => {
      const responses = crowd.rows.slice(item * annotators.length, (item + 1) * annotators.length);
      const scores = classes.map((_, trueClass) =>
        responses.reduce(
          (product, row, index) => product * annotators[index]!.confusion[trueClass]![classes.indexOf(row.label)]!,
          classPriors[trueClass]!,
        ),
      );
      return classes[scores.indexOf(Math.max(...scores))]!;
    }),
  );

  it("converges with a log-likelihood that never decreases", () => {
    expect(result.converged).toBe(true);
    const trace = result.logLikelihoodTrace;
    trace.slice(1).forEach((value, index) => expect(value).toBeGreaterThanOrEqual(trace[index]! - 1e-9));
  });

  it("recovers the truth nearly as well as the true parameters do, and far better than majority vote", () => {
    const majority = accuracy(majorityVote(crowd.rows, { ties: { policy: "seeded-random", seed: 1 } }).items.map((item) => item.label));
    const em = accuracy(result.items.map((item) => item.label));
    expect(em).toBeGreaterThanOrEqual(oracle - 0.01);
    expect(em).toBeGreaterThan(majority + 0.05);
  });

  it("estimates each annotator's confusion matrix and the class priors", () => {
    result.confusionMatrices.forEach(({ annotator, matrix }) => {
      const truth = annotators.find((entry) => entry.annotator === annotator)!.confusion;
      matrix.forEach((row, trueClass) =>
        row.forEach((probability, response) => expect(Math.abs(probability - truth[trueClass]![response]!)).toBeLessThan(0.08)),
      );
    });
    result.classPriors.forEach((prior, index) => expect(prior).toBeCloseTo(classPriors[index]!, 1));
  });

  it("stays finite where a product of probabilities would underflow", () => {
    // Each annotator rates each item 300 times: every class likelihood of an item is below
    // e^-745, under the smallest double, so only log-space arithmetic keeps the posteriors defined.
    const repeatedRatings = Array.from({ length: 300 }, () => annotators).flat();
    const heavy = simulateCrowd({ itemCount: 40, classes, classPriors, annotators: repeatedRatings, seed: 11 });
    const heavyResult = dawidSkene(heavy.rows);
    expect(heavyResult.logLikelihood / 40).toBeLessThan(-745);
    expect(Number.isFinite(heavyResult.logLikelihood)).toBe(true);
    heavyResult.items.forEach((item, index) => {
      expect(item.posterior.reduce((sum, probability) => sum + probability, 0)).toBeCloseTo(1, 12);
      // 600 expert ratings per item leave no doubt about the true class.
      expect(item.label).toBe(heavy.truth[index]);
    });
  });
});
