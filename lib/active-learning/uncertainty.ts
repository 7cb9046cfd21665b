/**
 * Uncertainty sampling strategies on one item's predicted probabilities. Higher always means more
 * uncertain, so the queue can sort every strategy the same way (descending).
 *
 * - least confidence: 1 - max p                      (0 when certain, 1 - 1/k at uniform)
 * - margin:           1 - (p1 - p2), p1 >= p2 the top two (0 when certain, 1 at a tie)
 * - entropy:          -sum p ln p, in nats           (0 when certain, ln k at uniform)
 */
export type UncertaintyStrategy = "least_confidence" | "margin" | "entropy";

export const UNCERTAINTY_STRATEGIES: readonly UncertaintyStrategy[] = ["margin", "entropy", "least_confidence"];

/**
 * How per-label uncertainties of a multi-label item combine: `max` (default) asks about an item
 * as soon as one of its labels is uncertain, which is what an annotator can resolve; `mean`
 * prefers items that are uncertain on many labels at once.
 */
export type MultiLabelAggregate = "max" | "mean";

export function leastConfidence(probabilities: ArrayLike<number>): number {
  let max = 0;
  for (let c = 0; c < probabilities.length; c++) max = Math.max(max, probabilities[c] as number);
  return 1 - max;
}

export function marginUncertainty(probabilities: ArrayLike<number>): number {
  let first = 0;
  let second = 0;
  for (let c = 0; c < probabilities.length; c++) {
    const p = probabilities[c] as number;
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) {
      second = p;
    }
  }
  return 1 - (first - second);
}

/** Shannon entropy in nats (0 log 0 taken as 0); divide by ln 2 for bits. */
export function entropy(probabilities: ArrayLike<number>): number {
  let sum = 0;
  for (let c = 0; c < probabilities.length; c++) {
    const p = probabilities[c] as number;
    if (p > 0) sum -= p * Math.log(p);
  }
  return sum;
}

export function uncertainty(probabilities: ArrayLike<number>, strategy: UncertaintyStrategy): number {
  if (strategy === "least_confidence") return leastConfidence(probabilities);
  if (strategy === "margin") return marginUncertainty(probabilities);
  return entropy(probabilities);
}

/**
 * For one-vs-rest probabilities (one independent p per label): each label is the two-outcome
 * distribution [p, 1 - p], scored with the strategy, and the label scores are aggregated.
 * For one label: least confidence = min(p, 1 - p), margin = 1 - |2p - 1|, entropy = binary entropy.
 */
export function multiLabelUncertainty(
  probabilities: ArrayLike<number>,
  strategy: UncertaintyStrategy,
  aggregate: MultiLabelAggregate = "max",
): number {
  let max = 0;
  let sum = 0;
  const pair = [0, 0];
  for (let c = 0; c < probabilities.length; c++) {
    const p = probabilities[c] as number;
    pair[0] = p;
    pair[1] = 1 - p;
    const score = uncertainty(pair, strategy);
    max = Math.max(max, score);
    sum += score;
  }
  if (aggregate === "max") return max;
  return probabilities.length > 0 ? sum / probabilities.length : 0;
}
