import { kappaFromMarginals } from "./cohen";
import type { EncodedRatings } from "./encode";
import type { PairIndex } from "./pair-index";
import type { PairTallies } from "./pair-tallies";
import { definedMetric, undefinedMetric, type Metric } from "./types";

export interface ReferenceAgreement {
  /** Items this annotator rated that have a reference label. */
  items: number;
  percent: Metric;
  kappa: Metric;
}

export interface AnnotatorAgreement {
  ratings: number;
  /** Items this annotator rated that someone else rated too. */
  sharedItems: number;
  /** (this annotator, other annotator) rating pairs on shared items. */
  comparisons: number;
  /** Share of those pairs where both chose the same category. */
  percentWithOthers: Metric;
  /**
   * Cohen's kappa with all (this, other) pairs pooled into one table: this annotator's labels
   * against whoever else rated the same items. Chance agreement uses this annotator's own label
   * distribution against the others', so a rater who overuses one label is not rewarded for it.
   */
  kappaWithOthers: Metric;
  reference?: ReferenceAgreement;
}

/** Agreement of each annotator with the others, by annotator id, from the pair tallies. */
export function agreementWithOthers(
  encoded: EncodedRatings<unknown>,
  pairs: PairIndex,
  tallies: PairTallies,
  disagreementWeights: Float64Array,
): AnnotatorAgreement[] {
  const annotatorCount = encoded.annotators.length;
  const { size } = tallies;
  const comparisons = new Float64Array(annotatorCount);
  const agreements = new Float64Array(annotatorCount);
  const disagreement = new Float64Array(annotatorCount);
  const own = new Float64Array(annotatorCount * size);
  const others = new Float64Array(annotatorCount * size);
  // The weights are symmetric, so a pair's disagreement counts the same from either side.
  const addSide = (pair: number, self: number, selfMarginals: Float64Array, otherMarginals: Float64Array) => {
    comparisons[self]! += tallies.shared[pair]!;
    agreements[self]! += tallies.agreements[pair]!;
    disagreement[self]! += tallies.disagreement[pair]!;
    for (let c = 0; c < size; c++) {
      own[self * size + c]! += selfMarginals[pair * size + c]!;
      others[self * size + c]! += otherMarginals[pair * size + c]!;
    }
  };
  for (let pair = 0; pair < tallies.pairCount; pair++) {
    addSide(pair, pairs.firstAnnotator[pair]!, tallies.firstMarginals, tallies.secondMarginals);
    addSide(pair, pairs.secondAnnotator[pair]!, tallies.secondMarginals, tallies.firstMarginals);
  }

  const ratings = new Int32Array(annotatorCount);
  const sharedItems = new Int32Array(annotatorCount);
  const { itemStart, annotatorOf } = encoded;
  for (let item = 0; item < encoded.items.length; item++) {
    const m = itemStart[item + 1]! - itemStart[item]!;
    for (let rating = itemStart[item]!; rating < itemStart[item + 1]!; rating++) {
      ratings[annotatorOf[rating]!]!++;
      if (m >= 2) sharedItems[annotatorOf[rating]!]!++;
    }
  }

  return Array.from({ length: annotatorCount }, (_, annotator) => {
    const n = comparisons[annotator]!;
    return {
      ratings: ratings[annotator]!,
      sharedItems: sharedItems[annotator]!,
      comparisons: n,
      percentWithOthers:
        n === 0 ? undefinedMetric("nobody else rated the items this annotator rated") : definedMetric(agreements[annotator]! / n),
      kappaWithOthers: kappaFromMarginals(
        n,
        disagreement[annotator]!,
        own,
        annotator * size,
        others,
        annotator * size,
        size,
        disagreementWeights,
      ),
    };
  });
}

/**
 * Agreement of each annotator with reference (adjudicated or gold) labels. `referenceOfItem[i]` is
 * the reference category id of item i, or -1 when it has none; ids may go past the annotators'
 * categories (a reference label nobody used) as long as `size` covers them.
 */
export function agreementWithReference(
  encoded: EncodedRatings<unknown>,
  referenceOfItem: Int32Array,
  size: number,
  disagreementWeights: Float64Array,
): ReferenceAgreement[] {
  const annotatorCount = encoded.annotators.length;
  const items = new Float64Array(annotatorCount);
  const agreements = new Float64Array(annotatorCount);
  const disagreement = new Float64Array(annotatorCount);
  const own = new Float64Array(annotatorCount * size);
  const reference = new Float64Array(annotatorCount * size);
  const { itemStart, annotatorOf, categoryOf } = encoded;
  for (let item = 0; item < encoded.items.length; item++) {
    const truth = referenceOfItem[item]!;
    if (truth < 0) continue;
    for (let rating = itemStart[item]!; rating < itemStart[item + 1]!; rating++) {
      const annotator = annotatorOf[rating]!;
      const label = categoryOf[rating]!;
      items[annotator]!++;
      if (label === truth) agreements[annotator]!++;
      disagreement[annotator]! += disagreementWeights[label * size + truth]!;
      own[annotator * size + label]!++;
      reference[annotator * size + truth]!++;
    }
  }
  return Array.from({ length: annotatorCount }, (_, annotator) => {
    const n = items[annotator]!;
    return {
      items: n,
      percent: n === 0 ? undefinedMetric("none of this annotator's items has a reference label") : definedMetric(agreements[annotator]! / n),
      kappa: kappaFromMarginals(n, disagreement[annotator]!, own, annotator * size, reference, annotator * size, size, disagreementWeights),
    };
  });
}
