import type { CategoryCounts } from "./category-counts";
import { definedMetric, undefinedMetric, type ItemWeights, type Metric } from "./types";

/**
 * Pairwise percent agreement: for each item with two or more ratings, the share of its rater pairs
 * that chose the same category, averaged over those items (each item counts once, however many
 * raters it had; this is the P-bar of Fleiss 1971). Items with one rating have no pair and are left
 * out.
 */
export function percentAgreement(counts: CategoryCounts, weights: ItemWeights = null): Metric {
  const { start, count, ratingsOfItem } = counts;
  let agreementSum = 0;
  let weightSum = 0;
  for (let item = 0; item < counts.itemCount; item++) {
    const m = ratingsOfItem[item]!;
    const weight = weights === null ? 1 : weights[item]!;
    if (m < 2 || weight === 0) continue;
    let agreeingPairs = 0;
    for (let entry = start[item]!; entry < start[item + 1]!; entry++) {
      const n = count[entry]!;
      agreeingPairs += n * (n - 1);
    }
    agreementSum += (weight * agreeingPairs) / (m * (m - 1));
    weightSum += weight;
  }
  if (weightSum === 0) return undefinedMetric("no item has two or more ratings, so there is no pair to compare");
  return definedMetric(agreementSum / weightSum);
}
