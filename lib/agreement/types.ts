/** A single-label or ordinal value: a label name, or a number on a scale. */
export type CategoryValue = string | number;

/**
 * One annotator's current label for one item. An annotator rates an item at most once: annotations
 * are append-only, so the caller passes only the row that supersedes the others.
 */
export interface Rating {
  item: string;
  annotator: string;
  value: CategoryValue;
}

/** One annotator's current set of labels for one item (multi-label tasks). */
export interface MultiLabelRating {
  item: string;
  annotator: string;
  value: readonly string[];
}

/**
 * Every agreement figure. An undefined figure (no pairable ratings, no expected disagreement, ...)
 * carries the reason instead of a NaN, so the UI and the CLI can say why it is missing.
 */
export type Metric = { value: number } | { value: null; reason: string };

export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

/** Disagreement weights for Cohen's kappa on ordered categories (Cohen 1968). */
export type KappaWeights = "none" | "linear" | "quadratic";

/** Distance between two label sets, for Krippendorff's alpha on multi-label data. */
export type SetDistanceName = "masi" | "jaccard";

/**
 * How much each item counts, indexed by dense item id. `null` means every item once; the bootstrap
 * passes how many times each item was drawn, which is how one code path serves both.
 */
export type ItemWeights = Float64Array | null;

export function definedMetric(value: number): Metric {
  if (!Number.isFinite(value)) {
    return { value: null, reason: `the computation gave a non-finite number (${value})` };
  }
  return { value };
}

export function undefinedMetric(reason: string): Metric {
  return { value: null, reason };
}
