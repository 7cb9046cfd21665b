import type { CategoryCounts } from "./category-counts";
import type { ItemWeights } from "./types";

/**
 * Krippendorff's coincidence matrix: o_ck counts the ordered pairs of values (c, k) that two
 * different coders assigned within one unit, each unit's pairs weighted by 1 / (m_u - 1) so that
 * every pairable value contributes exactly one (Krippendorff 2011, section B). Units with a single
 * value are not pairable and add nothing.
 */
export interface Coincidences {
  readonly size: number;
  /** Row-major size x size matrix. */
  readonly cells: Float64Array;
  /** n_c: row sums, the number of pairable values of each category. */
  readonly marginals: Float64Array;
  /** n: the number of pairable values. */
  readonly total: number;
}

export function coincidenceMatrix(counts: CategoryCounts, weights: ItemWeights = null): Coincidences {
  const size = counts.categoryCount;
  const { start, category, count, ratingsOfItem } = counts;
  const cells = new Float64Array(size * size);
  for (let item = 0; item < counts.itemCount; item++) {
    const m = ratingsOfItem[item]!;
    const weight = weights === null ? 1 : weights[item]!;
    if (m < 2 || weight === 0) continue;
    const scale = weight / (m - 1);
    const first = start[item]!;
    const end = start[item + 1]!;
    for (let a = first; a < end; a++) {
      const c = category[a]!;
      const nc = count[a]!;
      const row = c * size;
      cells[row + c]! += scale * nc * (nc - 1);
      for (let b = first; b < end; b++) {
        if (b !== a) cells[row + category[b]!]! += scale * nc * count[b]!;
      }
    }
  }
  const marginals = new Float64Array(size);
  let total = 0;
  for (let c = 0; c < size; c++) {
    let sum = 0;
    for (let k = 0; k < size; k++) sum += cells[c * size + k]!;
    marginals[c] = sum;
    total += sum;
  }
  return { size, cells, marginals, total };
}
