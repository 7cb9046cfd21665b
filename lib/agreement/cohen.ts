import { GoldsetError } from "@/lib/errors";
import type { PairTallies } from "./pair-tallies";
import { definedMetric, undefinedMetric, type KappaWeights, type Metric } from "./types";

/**
 * Disagreement weights w_ij over category positions (Cohen 1968): 1 off the diagonal, |i - j| or
 * (i - j)^2. Categories are taken as equally spaced ranks, as in Cohen's paper and the usual
 * implementations; the customary division by (K - 1) or (K - 1)^2 cancels in the kappa ratio.
 */
export function kappaDisagreementWeights(weights: KappaWeights, size: number, ordered: boolean): Float64Array {
  if (weights !== "none" && !ordered) {
    throw new GoldsetError(
      "bad_request",
      `${weights} weights need ordered categories: use numeric values or pass the category list in order`,
      [{ field: "weights", message: `${weights} weights need ordered categories` }],
    );
  }
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const distance = Math.abs(i - j);
      matrix[i * size + j] = weights === "none" ? (distance === 0 ? 0 : 1) : weights === "linear" ? distance : distance * distance;
    }
  }
  return matrix;
}

/**
 * kappa_w = 1 - sum w_ij o_ij / sum w_ij e_ij with e_ij = r_i c_j / n, written with the observed
 * weighted disagreement already summed. Unweighted, this is (p_o - p_e) / (1 - p_e).
 */
export function kappaFromMarginals(
  shared: number,
  observedDisagreement: number,
  first: Float64Array,
  firstOffset: number,
  second: Float64Array,
  secondOffset: number,
  size: number,
  disagreementWeights: Float64Array,
): Metric {
  if (shared === 0) return undefinedMetric("the two raters share no item");
  let expected = 0;
  for (let i = 0; i < size; i++) {
    const ri = first[firstOffset + i]!;
    if (ri === 0) continue;
    for (let j = 0; j < size; j++) expected += disagreementWeights[i * size + j]! * ri * second[secondOffset + j]!;
  }
  if (expected === 0) {
    return undefinedMetric("both raters used one and the same category throughout, so chance agreement is 1 and kappa is 0/0");
  }
  return definedMetric(1 - (observedDisagreement * shared) / expected);
}

/** Cohen's kappa from a square contingency table: rows rater A, columns rater B, categories in order. */
export function cohenKappaFromTable(table: readonly (readonly number[])[], weights: KappaWeights = "none"): Metric {
  const size = table.length;
  const rows = new Float64Array(size);
  const columns = new Float64Array(size);
  const disagreementWeights = kappaDisagreementWeights(weights, size, true);
  let shared = 0;
  let observed = 0;
  table.forEach((row, i) => {
    if (row.length !== size) {
      throw new GoldsetError("bad_request", `table row ${i} has ${row.length} cells; the table must be ${size} x ${size}`);
    }
    row.forEach((cell, j) => {
      rows[i]! += cell;
      columns[j]! += cell;
      shared += cell;
      observed += disagreementWeights[i * size + j]! * cell;
    });
  });
  return kappaFromMarginals(shared, observed, rows, 0, columns, 0, size, disagreementWeights);
}

export function pairKappa(tallies: PairTallies, pair: number, disagreementWeights: Float64Array): Metric {
  const { size } = tallies;
  return kappaFromMarginals(
    tallies.shared[pair]!,
    tallies.disagreement[pair]!,
    tallies.firstMarginals,
    pair * size,
    tallies.secondMarginals,
    pair * size,
    size,
    disagreementWeights,
  );
}

export type MeanPairwiseKappa = Metric & {
  /** Pairs averaged: they share at least `minSharedItems` items and their kappa is defined. */
  pairsUsed: number;
  pairsBelowMinimum: number;
  pairsUndefined: number;
  minSharedItems: number;
};

/**
 * The unweighted mean of Cohen's kappa over annotator pairs (Light 1971; Conger 1980 calls it the
 * average pairwise kappa). A pair enters when it shares at least `minSharedItems` items: a kappa on
 * a handful of shared items has a standard error near 1/sqrt(n) and would swamp the mean, which in
 * crowd data is mostly made of such pairs. Pairs whose kappa is undefined are counted, not averaged.
 */
export function meanPairwiseKappa(
  tallies: PairTallies,
  disagreementWeights: Float64Array,
  minSharedItems: number,
): MeanPairwiseKappa {
  let sum = 0;
  let pairsUsed = 0;
  let pairsBelowMinimum = 0;
  let pairsUndefined = 0;
  let lastReason = "";
  for (let pair = 0; pair < tallies.pairCount; pair++) {
    if (tallies.shared[pair]! < minSharedItems) {
      pairsBelowMinimum++;
      continue;
    }
    const kappa = pairKappa(tallies, pair, disagreementWeights);
    if (kappa.value === null) {
      pairsUndefined++;
      lastReason = kappa.reason;
      continue;
    }
    sum += kappa.value;
    pairsUsed++;
  }
  const counts = { pairsUsed, pairsBelowMinimum, pairsUndefined, minSharedItems };
  if (pairsUsed > 0) return { ...definedMetric(sum / pairsUsed), ...counts };
  const reason =
    tallies.pairCount === 0
      ? "no two annotators rated the same item"
      : pairsUndefined > 0
        ? `kappa is undefined for every annotator pair with enough shared items (${lastReason})`
        : `no annotator pair shares at least ${minSharedItems} items, the fewest on which a pair's kappa is averaged`;
  return { ...undefinedMetric(reason), ...counts };
}
