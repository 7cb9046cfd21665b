import type { EncodedRatings } from "./encode";

/**
 * For each item, how many of its ratings fell in each category it received (only the categories
 * present, so the size follows the data, not items x categories). Percent agreement, Fleiss' kappa
 * and Krippendorff's alpha all read item totals from here; the bootstrap reuses it per resample.
 */
export interface CategoryCounts {
  readonly itemCount: number;
  readonly categoryCount: number;
  /** Entries of item `i` sit at `[start[i], start[i + 1])`. */
  readonly start: Int32Array;
  readonly category: Int32Array;
  readonly count: Int32Array;
  /** m_i: the number of ratings item `i` received. */
  readonly ratingsOfItem: Int32Array;
}

export function countCategoriesPerItem(encoded: EncodedRatings<unknown>): CategoryCounts {
  const itemCount = encoded.items.length;
  const categoryCount = encoded.categories.length;
  const { itemStart, categoryOf } = encoded;
  const scratch = new Int32Array(categoryCount);
  const touched = new Int32Array(categoryCount);
  const start = new Int32Array(itemCount + 1);
  const ratingsOfItem = new Int32Array(itemCount);
  // An item never has more distinct categories than ratings, so the rating count bounds the size.
  const category = new Int32Array(categoryOf.length);
  const count = new Int32Array(categoryOf.length);
  let entries = 0;
  for (let item = 0; item < itemCount; item++) {
    const first = itemStart[item]!;
    const end = itemStart[item + 1]!;
    let distinct = 0;
    for (let rating = first; rating < end; rating++) {
      const c = categoryOf[rating]!;
      if (scratch[c]!++ === 0) touched[distinct++] = c;
    }
    for (let k = 0; k < distinct; k++) {
      const c = touched[k]!;
      category[entries] = c;
      count[entries] = scratch[c]!;
      scratch[c] = 0;
      entries++;
    }
    ratingsOfItem[item] = end - first;
    start[item + 1] = entries;
  }
  return {
    itemCount,
    categoryCount,
    start,
    category: category.slice(0, entries),
    count: count.slice(0, entries),
    ratingsOfItem,
  };
}
