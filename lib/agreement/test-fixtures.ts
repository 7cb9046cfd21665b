import type { Rating } from "./types";

/**
 * Published reliability data used by several test files. Rows are coders, columns are units,
 * `null` is a missing value, as the sources print them.
 */
export function ratingsFromCoderMatrix(matrix: Record<string, readonly (number | null)[]>): Rating[] {
  const rows: Rating[] = [];
  for (const [annotator, values] of Object.entries(matrix)) {
    values.forEach((value, unit) => {
      if (value !== null) rows.push({ item: `unit-${unit + 1}`, annotator, value });
    });
  }
  return rows;
}

/** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C. */
export const KRIPPENDORFF_EXAMPLE_C = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
} as const;

/** Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, counts per category 1..5. */
export const FLEISS_WIKIPEDIA_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
] as const;

/**
 * Expands per-item category counts into rating rows. Rater ids are synthetic (`rater-1`, ...) and
 * restart on every item, as in Fleiss' design where raters need not be the same people.
 */
export function ratingsFromCategoryCounts(counts: readonly (readonly number[])[], categories: readonly string[]): Rating[] {
  const rows: Rating[] = [];
  counts.forEach((perCategory, item) => {
    let rater = 0;
    perCategory.forEach((count, category) => {
      for (let k = 0; k < count; k++) {
        rows.push({ item: `subject-${item + 1}`, annotator: `rater-${++rater}`, value: categories[category]! });
      }
    });
  });
  return rows;
}

/** Two annotators' labels from a contingency table: rows are A's categories, columns B's. */
export function ratingsFromTable(table: readonly (readonly number[])[], categories: readonly string[]): Rating[] {
  const rows: Rating[] = [];
  let item = 0;
  table.forEach((row, a) => {
    row.forEach((count, b) => {
      for (let k = 0; k < count; k++) {
        item++;
        rows.push({ item: `item-${item}`, annotator: "A", value: categories[a]! });
        rows.push({ item: `item-${item}`, annotator: "B", value: categories[b]! });
      }
    });
  });
  return rows;
}
