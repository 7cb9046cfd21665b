import { drawBelow, mulberry32 } from "@/lib/random";
import type { Metric } from "./types";

export interface BootstrapOptions {
  resamples: number;
  seed: number;
}

export type ConfidenceInterval =
  | { low: number; high: number; resamples: number; undefinedResamples: number }
  | { low: null; high: null; reason: string };

/** A statistic recomputed from item weights: how many times each item was drawn. */
export type WeightedStatistic = (weights: Float64Array) => Metric;

/**
 * Percentile bootstrap over items (Efron & Tibshirani 1993, ch. 13): each resample draws as many
 * items as there are, with replacement, from `items`, and every statistic is recomputed with the
 * draw counts as item weights. Resampling items rather than ratings keeps each item's raters
 * together, which is the dependence the figures are about. Only items that can contribute (two or
 * more ratings) should be passed. Resamples where a statistic is undefined are counted and left out
 * of its interval.
 */
export function bootstrapIntervals<Name extends string>(
  itemCount: number,
  items: Int32Array,
  statistics: Record<Name, WeightedStatistic>,
  options: BootstrapOptions,
): Record<Name, ConfidenceInterval> {
  const names = Object.keys(statistics) as Name[];
  const samples = new Map<Name, number[]>(names.map((name) => [name, []]));
  const next = mulberry32(options.seed);
  const weights = new Float64Array(itemCount);
  for (let resample = 0; resample < options.resamples; resample++) {
    weights.fill(0);
    for (let draw = 0; draw < items.length; draw++) weights[items[drawBelow(next, items.length)]!]!++;
    for (const name of names) {
      const metric = statistics[name](weights);
      if (metric.value !== null) samples.get(name)!.push(metric.value);
    }
  }
  const intervals = {} as Record<Name, ConfidenceInterval>;
  for (const name of names) {
    intervals[name] = percentileInterval(samples.get(name)!, options.resamples);
  }
  return intervals;
}

function percentileInterval(values: number[], resamples: number): ConfidenceInterval {
  if (resamples < 2) return { low: null, high: null, reason: "the bootstrap needs at least 2 resamples" };
  if (values.length < 2) {
    return { low: null, high: null, reason: `the figure was undefined in ${resamples - values.length} of ${resamples} resamples` };
  }
  values.sort((a, b) => a - b);
  return {
    low: quantile(values, 0.025),
    high: quantile(values, 0.975),
    resamples: values.length,
    undefinedResamples: resamples - values.length,
  };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
function quantile(sorted: number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
