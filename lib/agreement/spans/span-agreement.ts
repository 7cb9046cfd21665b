import type { Span } from "@/lib/spans/span-set";
import { bootstrapIntervals, type ConfidenceInterval, type WeightedStatistic } from "../bootstrap";
import type { ItemWeights, Metric } from "../types";
import { addToTally, emptyTally, f1OfTally, type MatchTally, type SpanMatchMode } from "./entity-f1";
import { unitizingAlpha, type UnitizedStretch } from "./unitizing-alpha";

/**
 * Span agreement for a project: entity F1 (exact and partial, entity-f1.ts) and Krippendorff's αu
 * (unitizing-alpha.ts), per annotator pair, per label, and pooled over every pair, with percentile
 * bootstrap intervals over items (lib/agreement/bootstrap.ts, the classification report's).
 *
 * Pooling: each pair of annotators on each item they both did is one comparison. The pooled F1
 * sums matches and span counts over all comparisons before dividing (a micro average), and the
 * pooled αu treats every comparison as a two-observer stretch of one continuum; two observers at a
 * time is where the 2004 definition is sound (see unitizing-alpha.ts), and it lets items carry
 * different annotators, as Goldset's overlap assigns them.
 */

export interface SpanAnnotation {
  item: string;
  annotator: string;
  /** The annotator's current spans for the item (superseded rows already dropped). */
  spans: readonly Span[];
}

export interface SpanAgreementOptions {
  /** Code point length of each item's text. */
  itemLengths: ReadonlyMap<string, number>;
  /** Entity types, in display order. */
  labels: readonly string[];
  /** Bootstrap resamples for the pooled figures; default 0 (no intervals). */
  resamples?: number;
  seed?: number;
}

type WithInterval = Metric & { ci95?: ConfidenceInterval };

export interface PairSpanAgreement {
  annotators: [string, string];
  sharedItems: number;
  exactF1: Metric;
  partialF1: Metric;
  alphaU: Metric;
}

export interface SpanAgreementSummary {
  items: number;
  annotators: number;
  pairableItems: number;
  comparisons: number;
  exactF1: WithInterval;
  partialF1: WithInterval;
  alphaU: WithInterval;
  perLabel: Record<string, { exactF1: Metric; partialF1: Metric; alphaU: Metric }>;
  pairwise: PairSpanAgreement[];
}

interface Comparison {
  item: number;
  pair: string;
  first: readonly Span[];
  second: readonly Span[];
  length: number;
}

export function summarizeSpanAgreement(annotations: readonly SpanAnnotation[], options: SpanAgreementOptions): SpanAgreementSummary {
  const itemIds = [...new Set(annotations.map((annotation) => annotation.item))].sort();
  const itemIndex = new Map(itemIds.map((item, index) => [item, index]));
  const byItem = new Map<string, SpanAnnotation[]>();
  for (const annotation of annotations) byItem.set(annotation.item, [...(byItem.get(annotation.item) ?? []), annotation]);

  const comparisons: Comparison[] = [];
  const pairableItems: number[] = [];
  for (const item of itemIds) {
    const rows = [...byItem.get(item)!].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
    if (rows.length < 2) continue;
    const length = options.itemLengths.get(item);
    if (length === undefined) throw new RangeError(`span agreement: no text length for item ${JSON.stringify(item)}`);
    pairableItems.push(itemIndex.get(item)!);
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        comparisons.push({ item: itemIndex.get(item)!, pair: `${rows[i]!.annotator}\u0000${rows[j]!.annotator}`, first: rows[i]!.spans, second: rows[j]!.spans, length });
      }
    }
  }

  const f1Over = (selected: readonly Comparison[], mode: SpanMatchMode, weights: ItemWeights, label: string | null): Metric => {
    const tally: MatchTally = emptyTally();
    for (const comparison of selected) {
      const weight = weights === null ? 1 : weights[comparison.item]!;
      if (weight === 0) continue;
      const only = (spans: readonly Span[]) => (label === null ? spans : spans.filter((span) => span.label === label));
      addToTally(tally, only(comparison.first), only(comparison.second), mode, weight);
    }
    return f1OfTally(tally);
  };
  const alphaOver = (selected: readonly Comparison[], weights: ItemWeights) =>
    unitizingAlpha(
      selected.map((comparison): UnitizedStretch => ({ length: comparison.length, observers: [comparison.first, comparison.second], item: comparison.item })),
      options.labels,
      weights,
    );

  const pooledAlpha = alphaOver(comparisons, null);
  const statistics: Record<"exactF1" | "partialF1" | "alphaU", WeightedStatistic> = {
    exactF1: (weights) => f1Over(comparisons, "exact", weights, null),
    partialF1: (weights) => f1Over(comparisons, "partial", weights, null),
    alphaU: (weights) => alphaOver(comparisons, weights).alpha,
  };
  const exactF1 = f1Over(comparisons, "exact", null, null);
  const partialF1 = f1Over(comparisons, "partial", null, null);
  const resamples = options.resamples ?? 0;
  const intervals =
    resamples > 0 && pairableItems.length > 0
      ? bootstrapIntervals(itemIds.length, Int32Array.from(pairableItems), statistics, { resamples, seed: options.seed ?? 1 })
      : null;
  const withInterval = (metric: Metric, name: keyof typeof statistics): WithInterval =>
    intervals !== null && metric.value !== null ? { ...metric, ci95: intervals[name] } : metric;

  const perLabel: SpanAgreementSummary["perLabel"] = {};
  for (const label of options.labels) {
    perLabel[label] = {
      exactF1: f1Over(comparisons, "exact", null, label),
      partialF1: f1Over(comparisons, "partial", null, label),
      alphaU: pooledAlpha.perLabel[label]!.alpha,
    };
  }

  const pairs = [...new Set(comparisons.map((comparison) => comparison.pair))].sort();
  const pairwise = pairs.map((pair): PairSpanAgreement => {
    const selected = comparisons.filter((comparison) => comparison.pair === pair);
    const [first, second] = pair.split("\u0000") as [string, string];
    return {
      annotators: [first, second],
      sharedItems: selected.length,
      exactF1: f1Over(selected, "exact", null, null),
      partialF1: f1Over(selected, "partial", null, null),
      alphaU: alphaOver(selected, null).alpha,
    };
  });

  return {
    items: itemIds.length,
    annotators: new Set(annotations.map((annotation) => annotation.annotator)).size,
    pairableItems: pairableItems.length,
    comparisons: comparisons.length,
    exactF1: withInterval(exactF1, "exactF1"),
    partialF1: withInterval(partialF1, "partialF1"),
    alphaU: withInterval(pooledAlpha.alpha, "alphaU"),
    perLabel,
    pairwise,
  };
}
