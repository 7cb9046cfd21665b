import type { RatingStructure } from "./encode";

/**
 * Every pair of ratings that two annotators gave the same item, with the pair of annotators it
 * belongs to, computed once from the item/annotator structure alone. Cohen's kappa, the pairwise
 * matrix, per-annotator agreement and every bootstrap resample then run over flat typed arrays
 * with no per-pair objects or hash look-ups; one-vs-rest breakdowns reuse it with another
 * `categoryOf`. Size: sum over items of m_i (m_i - 1) / 2 occurrences.
 */
export interface PairIndex {
  readonly pairCount: number;
  /** The lower annotator id of each pair. */
  readonly firstAnnotator: Int32Array;
  readonly secondAnnotator: Int32Array;
  /** Occurrences of item `i` sit at `[start[i], start[i + 1])`. */
  readonly start: Int32Array;
  readonly pairOf: Int32Array;
  /** Index into `categoryOf` of the first (lower-id) annotator's rating, and of the second's. */
  readonly firstRating: Int32Array;
  readonly secondRating: Int32Array;
}

/** Above this many annotators a dense annotator x annotator lookup table would be too large. */
const DENSE_LOOKUP_LIMIT = 2048;

export function indexAnnotatorPairs(structure: RatingStructure): PairIndex {
  const { itemStart, annotatorOf } = structure;
  const itemCount = structure.items.length;
  const annotatorCount = structure.annotators.length;
  const start = new Int32Array(itemCount + 1);
  for (let item = 0; item < itemCount; item++) {
    const m = itemStart[item + 1]! - itemStart[item]!;
    start[item + 1] = start[item]! + (m * (m - 1)) / 2;
  }
  const occurrences = start[itemCount]!;
  const pairOf = new Int32Array(occurrences);
  const firstRating = new Int32Array(occurrences);
  const secondRating = new Int32Array(occurrences);

  const dense = annotatorCount <= DENSE_LOOKUP_LIMIT ? new Int32Array(annotatorCount * annotatorCount).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  let firstAnnotator: Int32Array = new Int32Array(64);
  let secondAnnotator: Int32Array = new Int32Array(64);
  let pairCount = 0;

  let occurrence = 0;
  for (let item = 0; item < itemCount; item++) {
    const end = itemStart[item + 1]!;
    for (let a = itemStart[item]!; a < end; a++) {
      for (let b = a + 1; b < end; b++) {
        let lowRating = a;
        let highRating = b;
        if (annotatorOf[a]! > annotatorOf[b]!) {
          lowRating = b;
          highRating = a;
        }
        const low = annotatorOf[lowRating]!;
        const high = annotatorOf[highRating]!;
        const key = low * annotatorCount + high;
        let pair = dense !== null ? dense[key]! : (sparse!.get(key) ?? -1);
        if (pair === -1) {
          pair = pairCount++;
          if (dense !== null) dense[key] = pair;
          else sparse!.set(key, pair);
          if (pair === firstAnnotator.length) {
            firstAnnotator = grow(firstAnnotator);
            secondAnnotator = grow(secondAnnotator);
          }
          firstAnnotator[pair] = low;
          secondAnnotator[pair] = high;
        }
        pairOf[occurrence] = pair;
        firstRating[occurrence] = lowRating;
        secondRating[occurrence] = highRating;
        occurrence++;
      }
    }
  }
  return {
    pairCount,
    firstAnnotator: firstAnnotator.slice(0, pairCount),
    secondAnnotator: secondAnnotator.slice(0, pairCount),
    start,
    pairOf,
    firstRating,
    secondRating,
  };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
