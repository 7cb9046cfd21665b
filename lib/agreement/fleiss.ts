import type { CategoryCounts } from "./category-counts";
import { definedMetric, undefinedMetric, type ItemWeights, type Metric } from "./types";

/**
 * Fleiss' kappa (Fleiss 1971), generalised to a varying number of raters per item:
 *
 *   P_i = sum_j n_ij (n_ij - 1) / (m_i (m_i - 1))   agreement among item i's m_i raters
 *   P   = mean of P_i over items with m_i >= 2
 *   p_j = sum_i n_ij / sum_i m_i                    pooled share of category j
 *   P_e = sum_j p_j^2,   kappa = (P - P_e) / (1 - P_e)
 *
 * With the same m on every item this is exactly Fleiss' formula. We keep every item rather than
 * only those with the modal rater count because annotation projects rarely have equal overlap,
 * dropping items throws away data and makes the figure depend on which count happens to be modal.
 * Items with a single rating carry no agreement information and are left out of both P and p_j.
 */
export function fleissKappa(counts: CategoryCounts, weights: ItemWeights = null): Metric {
  const { start, category, count, ratingsOfItem } = counts;
  const categoryTotals = new Float64Array(counts.categoryCount);
  let agreementSum = 0;
  let weightSum = 0;
  let ratingSum = 0;
  for (let item = 0; item < counts.itemCount; item++) {
    const m = ratingsOfItem[item]!;
    const weight = weights === null ? 1 : weights[item]!;
    if (m < 2 || weight === 0) continue;
    let agreeingPairs = 0;
    for (let entry = start[item]!; entry < start[item + 1]!; entry++) {
      const n = count[entry]!;
      agreeingPairs += n * (n - 1);
      categoryTotals[category[entry]!]! += weight * n;
    }
    agreementSum += (weight * agreeingPairs) / (m * (m - 1));
    weightSum += weight;
    ratingSum += weight * m;
  }
  if (weightSum === 0) return undefinedMetric("no item has two or more ratings, so there is no pair to compare");

  let expected = 0;
  let categoriesUsed = 0;
  for (const total of categoryTotals) {
    if (total === 0) continue;
    categoriesUsed++;
    const share = total / ratingSum;
    expected += share * share;
  }
  if (categoriesUsed < 2) {
    return undefinedMetric("every rating on a shared item is the same category, so chance agreement is 1 and kappa is 0/0");
  }
  const observed = agreementSum / weightSum;
  return definedMetric((observed - expected) / (1 - expected));
}
