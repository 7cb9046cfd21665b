import { GoldsetError } from "@/lib/errors";
import type { CategoryValue, Rating } from "./types";

/**
 * Ratings turned into dense integer ids once, grouped by item (compressed rows: the ratings of item
 * `i` sit at `[itemStart[i], itemStart[i + 1])`). Every metric reads these typed arrays instead of
 * strings and objects, which is what keeps a million annotations within a second.
 */
export interface RatingStructure {
  readonly items: readonly string[];
  readonly annotators: readonly string[];
  readonly itemStart: Int32Array;
  readonly annotatorOf: Int32Array;
}

export interface EncodedRatings<C = CategoryValue> extends RatingStructure {
  readonly categories: readonly C[];
  /** Category id of each rating, aligned with `annotatorOf`. */
  readonly categoryOf: Int32Array;
}

export interface EncodedSingleLabel extends EncodedRatings<CategoryValue> {
  /** True when the categories carry an order: numeric values, or a caller-given category list. */
  readonly ordered: boolean;
  /**
   * Position of each category on a numeric scale, for interval and ratio distances: the value
   * itself for numbers, the 1-based position in the caller's list for ordered labels (the usual
   * equally spaced Likert reading), `null` for unordered labels.
   */
  readonly scale: Float64Array | null;
  readonly categoryIndex: ReadonlyMap<CategoryValue, number>;
}

export interface EncodeOptions {
  /**
   * The labels in their order (for ordinal data and weighted kappa). Values outside the list are
   * rejected. Without it, numbers are ordered by value and strings are treated as unordered.
   */
  categories?: readonly CategoryValue[];
  /**
   * Values that need a category although no rating may use them, such as reference labels;
   * ignored when `categories` is given (which must then list them).
   */
  extraValues?: Iterable<CategoryValue>;
}

function badInput(field: string, message: string): GoldsetError {
  return new GoldsetError("bad_request", `${field}: ${message}`, [{ field, message }]);
}

function checkedValue(value: unknown, field: string): CategoryValue {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw badInput(field, `expected a string label or a finite number, got ${JSON.stringify(value)}`);
}

/**
 * Numbers ascending, strings by code point (not `localeCompare`, so the order, and with it every
 * matrix and breakdown, is the same on every machine). A mix of both is refused: `1` and `"1"`
 * would otherwise be two different categories.
 */
export function orderCategories(values: Iterable<CategoryValue>): { categories: CategoryValue[]; ordered: boolean } {
  const unique = [...new Set(values)];
  const numbers = unique.filter((value): value is number => typeof value === "number");
  if (numbers.length > 0 && numbers.length < unique.length) {
    throw badInput(
      "value",
      "ratings mix numbers and strings; use one type for all values (e.g. all numbers for a rating scale)",
    );
  }
  if (numbers.length === unique.length && unique.length > 0) {
    return { categories: numbers.sort((a, b) => a - b), ordered: true };
  }
  const strings = unique as string[];
  return { categories: strings.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), ordered: false };
}

function indexOfCategories(categories: readonly CategoryValue[]): Map<CategoryValue, number> {
  const index = new Map<CategoryValue, number>();
  categories.forEach((category, id) => {
    const checked = checkedValue(category, `categories[${id}]`);
    if (index.has(checked)) throw badInput(`categories[${id}]`, `${JSON.stringify(checked)} is listed twice`);
    index.set(checked, id);
  });
  return index;
}

/** Matches no row field, so the first row is always looked up (and type-checked). */
const NOTHING_YET = Symbol("nothing yet");

/**
 * Groups rows by item with a counting sort and checks that no annotator rated an item twice.
 * `categoryOfRow[r]` is the category id already chosen for row `r`.
 */
export function groupRatingsByItem(
  rows: readonly { item: string; annotator: string }[],
  categoryOfRow: Int32Array,
): RatingStructure & { categoryOf: Int32Array } {
  const itemIds = new Map<string, number>();
  const annotatorIds = new Map<string, number>();
  const items: string[] = [];
  const annotators: string[] = [];
  const itemOfRow = new Int32Array(rows.length);
  const annotatorOfRow = new Int32Array(rows.length);
  // Exports and queries usually list rows grouped by item or by annotator; remembering the last key
  // skips most hash look-ups in both cases.
  let lastItem: unknown = NOTHING_YET;
  let lastItemId = -1;
  let lastAnnotator: unknown = NOTHING_YET;
  let lastAnnotatorId = -1;
  for (let row = 0; row < rows.length; row++) {
    const { item, annotator } = rows[row]!;
    if (item !== lastItem) {
      if (typeof item !== "string") throw badInput(`rows[${row}].item`, "expected a string item id");
      let id = itemIds.get(item);
      if (id === undefined) {
        id = items.length;
        itemIds.set(item, id);
        items.push(item);
      }
      lastItem = item;
      lastItemId = id;
    }
    if (annotator !== lastAnnotator) {
      if (typeof annotator !== "string") throw badInput(`rows[${row}].annotator`, "expected a string annotator id");
      let id = annotatorIds.get(annotator);
      if (id === undefined) {
        id = annotators.length;
        annotatorIds.set(annotator, id);
        annotators.push(annotator);
      }
      lastAnnotator = annotator;
      lastAnnotatorId = id;
    }
    itemOfRow[row] = lastItemId;
    annotatorOfRow[row] = lastAnnotatorId;
  }

  const itemStart = new Int32Array(items.length + 1);
  for (let row = 0; row < rows.length; row++) itemStart[itemOfRow[row]! + 1]!++;
  for (let item = 0; item < items.length; item++) itemStart[item + 1]! += itemStart[item]!;
  const cursor = itemStart.slice(0, items.length);
  const annotatorOf = new Int32Array(rows.length);
  const categoryOf = new Int32Array(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const slot = cursor[itemOfRow[row]!]!++;
    annotatorOf[slot] = annotatorOfRow[row]!;
    categoryOf[slot] = categoryOfRow[row]!;
  }

  const lastSeenOnItem = new Int32Array(annotators.length).fill(-1);
  for (let item = 0; item < items.length; item++) {
    for (let rating = itemStart[item]!; rating < itemStart[item + 1]!; rating++) {
      const annotator = annotatorOf[rating]!;
      if (lastSeenOnItem[annotator] === item) {
        throw badInput(
          "rows",
          `annotator ${JSON.stringify(annotators[annotator])} rated item ${JSON.stringify(items[item])} more than once; ` +
            "pass only each annotator's current label per item",
        );
      }
      lastSeenOnItem[annotator] = item;
    }
  }
  return { items, annotators, itemStart, annotatorOf, categoryOf };
}

export function encodeRatings(rows: readonly Rating[], options: EncodeOptions = {}): EncodedSingleLabel {
  const categoryOfRow = new Int32Array(rows.length);
  let categories: CategoryValue[];
  let ordered: boolean;
  let categoryIndex: Map<CategoryValue, number>;

  if (options.categories) {
    categories = [...options.categories];
    categoryIndex = indexOfCategories(categories);
    ordered = true;
    for (let row = 0; row < rows.length; row++) {
      const value = rows[row]!.value;
      const id = categoryIndex.get(value);
      if (id === undefined) {
        throw badInput(
          `rows[${row}].value`,
          `${JSON.stringify(value)} is not in the category list; add it to the categories or fix the label`,
        );
      }
      categoryOfRow[row] = id;
    }
  } else {
    // First-appearance ids while scanning, renumbered into the canonical order afterwards.
    const firstSeen = new Map<CategoryValue, number>();
    let lastValue: unknown = NOTHING_YET;
    let lastId = -1;
    for (let row = 0; row < rows.length; row++) {
      const value = rows[row]!.value;
      if (value !== lastValue) {
        let id = firstSeen.get(value);
        if (id === undefined) {
          id = firstSeen.size;
          firstSeen.set(checkedValue(value, `rows[${row}].value`), id);
        }
        lastValue = value;
        lastId = id;
      }
      categoryOfRow[row] = lastId;
    }
    let extra = 0;
    for (const value of options.extraValues ?? []) {
      if (!firstSeen.has(value)) firstSeen.set(checkedValue(value, `extraValues[${extra}]`), firstSeen.size);
      extra++;
    }
    ({ categories, ordered } = orderCategories(firstSeen.keys()));
    categoryIndex = new Map(categories.map((category, id) => [category, id]));
    const renumber = new Int32Array(firstSeen.size);
    for (const [value, id] of firstSeen) renumber[id] = categoryIndex.get(value)!;
    for (let row = 0; row < rows.length; row++) categoryOfRow[row] = renumber[categoryOfRow[row]!]!;
  }

  const allNumeric = categories.length > 0 && categories.every((category) => typeof category === "number");
  const scale = allNumeric
    ? Float64Array.from(categories as number[])
    : ordered
      ? Float64Array.from(categories, (_, position) => position + 1)
      : null;
  return { ...groupRatingsByItem(rows, categoryOfRow), categories, ordered, scale, categoryIndex };
}
