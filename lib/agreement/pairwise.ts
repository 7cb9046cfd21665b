import { pairKappa } from "./cohen";
import type { PairIndex } from "./pair-index";
import type { PairTallies } from "./pair-tallies";
import { definedMetric, type Metric } from "./types";

/** One cell of the annotator x annotator matrix; only pairs that share at least one item appear. */
export interface PairAgreement {
  annotators: [string, string];
  sharedItems: number;
  percent: Metric;
  kappa: Metric;
}

export function pairwiseAgreement(
  annotators: readonly string[],
  pairs: PairIndex,
  tallies: PairTallies,
  disagreementWeights: Float64Array,
): PairAgreement[] {
  const order = Array.from({ length: pairs.pairCount }, (_, pair) => pair).sort(
    (p, q) => pairs.firstAnnotator[p]! - pairs.firstAnnotator[q]! || pairs.secondAnnotator[p]! - pairs.secondAnnotator[q]!,
  );
  return order.map((pair) => ({
    annotators: [annotators[pairs.firstAnnotator[pair]!]!, annotators[pairs.secondAnnotator[pair]!]!],
    sharedItems: tallies.shared[pair]!,
    percent: definedMetric(tallies.agreements[pair]! / tallies.shared[pair]!),
    kappa: pairKappa(tallies, pair, disagreementWeights),
  }));
}
