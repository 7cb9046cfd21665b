import { countCategoriesPerItem } from "./category-counts";
import { kappaDisagreementWeights, meanPairwiseKappa, type MeanPairwiseKappa } from "./cohen";
import type { RatingStructure } from "./encode";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import type { PairIndex } from "./pair-index";
import { tallyPairs } from "./pair-tallies";
import { percentAgreement } from "./percent";
import type { Metric } from "./types";

/** Agreement on one label read as yes/no ("this label" vs "anything else"). */
export interface LabelAgreement {
  /** Ratings that include the label. */
  ratings: number;
  /** Share of all ratings that include it. */
  prevalence: number;
  percent: Metric;
  cohen: MeanPairwiseKappa;
  fleiss: Metric;
  krippendorff: Metric;
}

const BINARY_WEIGHTS = kappaDisagreementWeights("none", 2, false);

/** `presence[r]` is 1 when rating r includes the label, 0 otherwise, aligned with the structure. */
export function labelAgreement(
  structure: RatingStructure,
  presence: Int32Array,
  pairs: PairIndex,
  minSharedItems: number,
): LabelAgreement {
  let ratings = 0;
  for (const present of presence) ratings += present;
  const binary = { ...structure, categories: ["no", "yes"], categoryOf: presence };
  const counts = countCategoriesPerItem(binary);
  return {
    ratings,
    prevalence: presence.length === 0 ? 0 : ratings / presence.length,
    percent: percentAgreement(counts),
    cohen: meanPairwiseKappa(tallyPairs(pairs, presence, 2, BINARY_WEIGHTS), BINARY_WEIGHTS, minSharedItems),
    fleiss: fleissKappa(counts),
    krippendorff: krippendorffAlpha(counts, "nominal", null),
  };
}

/** One-vs-rest presence of category `category` for single-label ratings. */
export function categoryPresence(categoryOf: Int32Array, category: number): Int32Array {
  const presence = new Int32Array(categoryOf.length);
  for (let rating = 0; rating < categoryOf.length; rating++) presence[rating] = categoryOf[rating] === category ? 1 : 0;
  return presence;
}
