import { describe, expect, it } from "vitest";
import { bootstrapIntervals } from "./bootstrap";
import { countCategoriesPerItem } from "./category-counts";
import { encodeRatings } from "./encode";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { drawBelow, mulberry32 } from "@/lib/random";
import { FLEISS_WIKIPEDIA_COUNTS, ratingsFromCategoryCounts } from "./test-fixtures";
import { definedMetric, undefinedMetric } from "./types";

const counts = countCategoriesPerItem(encodeRatings(ratingsFromCategoryCounts(FLEISS_WIKIPEDIA_COUNTS, ["1", "2", "3", "4", "5"])));
const allItems = Int32Array.from({ length: counts.itemCount }, (_, item) => item);
const statistics = {
  fleiss: (weights: Float64Array) => fleissKappa(counts, weights),
  alpha: (weights: Float64Array) => krippendorffAlpha(counts, "nominal", null, weights),
};

describe("bootstrap confidence intervals over items", () => {
  it("contains the point estimate", () => {
    const intervals = bootstrapIntervals(counts.itemCount, allItems, statistics, { resamples: 500, seed: 7 });
    const fleiss = fleissKappa(counts).value!;
    expect(intervals.fleiss.low).not.toBeNull();
    expect(intervals.fleiss.low!).toBeLessThan(fleiss);
    expect(intervals.fleiss.high!).toBeGreaterThan(fleiss);
  });

  it("is reproducible with a seed and changes with another seed", () => {
    const first = bootstrapIntervals(counts.itemCount, allItems, statistics, { resamples: 100, seed: 42 });
    const again = bootstrapIntervals(counts.itemCount, allItems, statistics, { resamples: 100, seed: 42 });
    const other = bootstrapIntervals(counts.itemCount, allItems, statistics, { resamples: 100, seed: 43 });
    expect(again).toEqual(first);
    expect(other.fleiss.low).not.toBe(first.fleiss.low);
  });

  it("draws as many items as it is given, only from those items", () => {
    const seen: number[][] = [];
    const pool = Int32Array.from([1, 4, 7]);
    bootstrapIntervals(10, pool, { probe: (weights) => (seen.push([...weights]), definedMetric(0)) }, { resamples: 20, seed: 1 });
    for (const weights of seen) {
      expect(weights.reduce((sum, weight) => sum + weight, 0)).toBe(3);
      weights.forEach((weight, item) => {
        if (![1, 4, 7].includes(item)) expect(weight).toBe(0);
      });
    }
  });

  it("gives the percentile interval of the resampled values", () => {
    // A statistic equal to the weight of item 0 (0..n draws); with one item it is always n = 1.
    const interval = bootstrapIntervals(1, Int32Array.from([0]), { w: (weights) => definedMetric(weights[0]!) }, { resamples: 50, seed: 3 });
    expect(interval.w).toEqual({ low: 1, high: 1, resamples: 50, undefinedResamples: 0 });
  });

  it("counts undefined resamples and says why when too few are defined", () => {
    const intervals = bootstrapIntervals(counts.itemCount, allItems, { never: () => undefinedMetric("no pairs") }, { resamples: 30, seed: 1 });
    expect(intervals.never).toEqual({ low: null, high: null, reason: "the figure was undefined in 30 of 30 resamples" });
  });
});

describe("seeded generator", () => {
  it("repeats its sequence for a seed and stays in range", () => {
    const a = mulberry32(99);
    const b = mulberry32(99);
    const drawsA = Array.from({ length: 1000 }, () => drawBelow(a, 7));
    const drawsB = Array.from({ length: 1000 }, () => drawBelow(b, 7));
    expect(drawsA).toEqual(drawsB);
    expect(Math.min(...drawsA)).toBe(0);
    expect(Math.max(...drawsA)).toBe(6);
  });
});
