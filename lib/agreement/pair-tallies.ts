import type { PairIndex } from "./pair-index";
import type { ItemWeights } from "./types";

/** Per annotator pair: shared items, exact agreements, weighted disagreement and both raters' marginals. */
export interface PairTallies {
  readonly size: number;
  readonly pairCount: number;
  readonly shared: Float64Array;
  readonly agreements: Float64Array;
  readonly disagreement: Float64Array;
  /** pair * size + category: how often the pair's first (lower-id) annotator used each category. */
  readonly firstMarginals: Float64Array;
  readonly secondMarginals: Float64Array;
}

/**
 * Per pair occurrence, its cell in a pairs x size x size table: pair, first rater's category,
 * second rater's category. Summing item weights into those cells is one add per occurrence, which
 * is what makes a bootstrap resample of Cohen's kappa cheap. `null` when the table would pass
 * `MAX_CELLS` (many pairs times many categories); callers then tally marginals directly.
 */
export interface PairCells {
  readonly size: number;
  readonly cellOf: Int32Array;
}

/** 4M cells (32 MB of doubles): far above a project's pairs x labels^2, well below the machine. */
const MAX_CELLS = 1 << 22;

export function pairCells(index: PairIndex, categoryOf: Int32Array, size: number): PairCells | null {
  const square = size * size;
  if (index.pairCount * square > MAX_CELLS) return null;
  const { pairOf, firstRating, secondRating } = index;
  const cellOf = new Int32Array(pairOf.length);
  for (let occurrence = 0; occurrence < cellOf.length; occurrence++) {
    cellOf[occurrence] =
      pairOf[occurrence]! * square + categoryOf[firstRating[occurrence]!]! * size + categoryOf[secondRating[occurrence]!]!;
  }
  return { size, cellOf };
}

/** Tallies every annotator pair, with item weights (null: each item once). */
export function tallyPairs(
  index: PairIndex,
  categoryOf: Int32Array,
  size: number,
  disagreementWeights: Float64Array,
  weights: ItemWeights = null,
): PairTallies {
  const cells = pairCells(index, categoryOf, size);
  return cells === null
    ? tallyMarginals(index, categoryOf, size, disagreementWeights, weights)
    : tallyCells(index, cells, disagreementWeights, weights);
}

/** The same tallies from precomputed cells; reuse `cells` across resamples. */
export function tallyCells(index: PairIndex, cells: PairCells, disagreementWeights: Float64Array, weights: ItemWeights = null): PairTallies {
  const { size, cellOf } = cells;
  const square = size * size;
  const { pairCount, start } = index;
  const table = new Float64Array(pairCount * square);
  const itemCount = start.length - 1;
  for (let item = 0; item < itemCount; item++) {
    const weight = weights === null ? 1 : weights[item]!;
    if (weight === 0) continue;
    for (let occurrence = start[item]!; occurrence < start[item + 1]!; occurrence++) table[cellOf[occurrence]!]! += weight;
  }
  const tallies = emptyTallies(pairCount, size);
  for (let pair = 0; pair < pairCount; pair++) {
    let shared = 0;
    let agreements = 0;
    let disagreement = 0;
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) {
        const count = table[pair * square + a * size + b]!;
        if (count === 0) continue;
        shared += count;
        if (a === b) agreements += count;
        else disagreement += count * disagreementWeights[a * size + b]!;
        tallies.firstMarginals[pair * size + a]! += count;
        tallies.secondMarginals[pair * size + b]! += count;
      }
    }
    tallies.shared[pair] = shared;
    tallies.agreements[pair] = agreements;
    tallies.disagreement[pair] = disagreement;
  }
  return tallies;
}

/** The tallies without a cells table, in memory proportional to pairs x size rather than size squared. */
export function tallyMarginals(
  index: PairIndex,
  categoryOf: Int32Array,
  size: number,
  disagreementWeights: Float64Array,
  weights: ItemWeights,
): PairTallies {
  const { pairCount, start, pairOf, firstRating, secondRating } = index;
  const tallies = emptyTallies(pairCount, size);
  const { shared, agreements, disagreement, firstMarginals, secondMarginals } = tallies;
  const itemCount = start.length - 1;
  for (let item = 0; item < itemCount; item++) {
    const weight = weights === null ? 1 : weights[item]!;
    if (weight === 0) continue;
    for (let occurrence = start[item]!; occurrence < start[item + 1]!; occurrence++) {
      const pair = pairOf[occurrence]!;
      const a = categoryOf[firstRating[occurrence]!]!;
      const b = categoryOf[secondRating[occurrence]!]!;
      shared[pair]! += weight;
      if (a === b) agreements[pair]! += weight;
      else disagreement[pair]! += weight * disagreementWeights[a * size + b]!;
      firstMarginals[pair * size + a]! += weight;
      secondMarginals[pair * size + b]! += weight;
    }
  }
  return tallies;
}

function emptyTallies(pairCount: number, size: number) {
  return {
    size,
    pairCount,
    shared: new Float64Array(pairCount),
    agreements: new Float64Array(pairCount),
    disagreement: new Float64Array(pairCount),
    firstMarginals: new Float64Array(pairCount * size),
    secondMarginals: new Float64Array(pairCount * size),
  };
}
