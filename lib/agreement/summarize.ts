/**
 * The agreement report: what the web app stores as a snapshot and what `goldset agreement --json`
 * prints, as one plain JSON-ready object.
 *
 * JSON shape. Every figure is an object with a `value`:
 *   { "value": 0.74 }                                  a defined figure
 *   { "value": 0.74, "ci95": { "low": 0.70, "high": 0.78, "resamples": 200, "undefinedResamples": 0 } }
 *   { "value": null, "reason": "no item has two or more ratings, ..." }
 * `value` is never NaN; when it is null, `reason` says why. Headline figures carry `ci95` only when
 * `resamples > 0` and the figure itself is defined; an interval that cannot be computed is
 * { "low": null, "high": null, "reason" }. Resamples where a figure is undefined are left out of its
 * interval and counted in `undefinedResamples`.
 *
 *   {
 *     "kind": "single-label" | "multi-label",
 *     "items", "annotators", "ratings", "pairableItems",      counts (pairable: two or more ratings)
 *     "settings": { level | distance, weights, minSharedItems, resamples, seed },
 *     "percent", "cohen", "fleiss", "krippendorff",          headline figures
 *     "perLabel": { "<label>": { ratings, prevalence, percent, cohen, fleiss, krippendorff } },
 *     "perAnnotator": { "<annotator>": { ratings, sharedItems, comparisons, percentWithOthers,
 *                                        kappaWithOthers, reference?: { items, percent, kappa } } },
 *     "pairwise": [ { "annotators": [a, b], "sharedItems", "percent", "kappa" } ]
 *   }
 *
 * `cohen` is the mean pairwise Cohen's kappa and also reports pairsUsed, pairsBelowMinimum,
 * pairsUndefined and minSharedItems. For multi-label data `percent` counts identical label sets,
 * `krippendorff` uses the set distance, `cohen` and `fleiss` are null (they are defined per label:
 * see `perLabel`), and per-annotator figures compare whole label sets.
 */
import { GoldsetError } from "@/lib/errors";
import { bootstrapIntervals, type ConfidenceInterval, type WeightedStatistic } from "./bootstrap";
import { countCategoriesPerItem, type CategoryCounts } from "./category-counts";
import { kappaDisagreementWeights, meanPairwiseKappa, type MeanPairwiseKappa } from "./cohen";
import { encodeRatings, type EncodedRatings } from "./encode";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { encodeMultiLabelRatings, labelPresence, multiLabelAlpha, setDistanceMatrix } from "./multi-label";
import { indexAnnotatorPairs, type PairIndex } from "./pair-index";
import { pairCells, tallyCells, tallyMarginals, tallyPairs, type PairTallies } from "./pair-tallies";
import { pairwiseAgreement, type PairAgreement } from "./pairwise";
import { agreementWithOthers, agreementWithReference, type AnnotatorAgreement } from "./per-annotator";
import { categoryPresence, labelAgreement, type LabelAgreement } from "./per-label";
import { percentAgreement } from "./percent";
import type {
  CategoryValue,
  KappaWeights,
  MeasurementLevel,
  Metric,
  MultiLabelRating,
  Rating,
  SetDistanceName,
} from "./types";

export interface AgreementOptions {
  /** Level of measurement for Krippendorff's alpha; default "nominal". */
  level?: MeasurementLevel;
  /** Weights for Cohen's kappa (headline, per annotator, pairwise); default "none". */
  weights?: KappaWeights;
  /** Labels in order, for ordinal levels and weighted kappa on string labels. */
  categories?: readonly CategoryValue[];
  /** Set distance for multi-label alpha; default "masi". */
  distance?: SetDistanceName;
  /** Pairs sharing fewer items are left out of the mean pairwise kappa; default 10. */
  minSharedItems?: number;
  /** Bootstrap resamples for the headline intervals; default 0 (no intervals). */
  resamples?: number;
  /** Seed of the bootstrap's generator, an integer of 0 or more; default 1. */
  seed?: number;
  /** Reference (adjudicated or gold) label by item id, for per-annotator accuracy and kappa. */
  reference?: ReadonlyMap<string, CategoryValue | readonly string[]>;
}

export type WithInterval<M> = M & { ci95?: ConfidenceInterval };

export interface AgreementSummary {
  kind: "single-label" | "multi-label";
  items: number;
  annotators: number;
  ratings: number;
  pairableItems: number;
  settings: {
    level?: MeasurementLevel;
    distance?: SetDistanceName;
    weights: KappaWeights;
    minSharedItems: number;
    resamples: number;
    seed: number;
  };
  percent: WithInterval<Metric>;
  cohen: WithInterval<MeanPairwiseKappa | Metric>;
  fleiss: WithInterval<Metric>;
  krippendorff: WithInterval<Metric>;
  perLabel: Record<string, LabelAgreement>;
  perAnnotator: Record<string, AnnotatorAgreement>;
  pairwise: PairAgreement[];
}

function badOption(field: string, message: string): GoldsetError {
  return new GoldsetError("bad_request", `option ${field}: ${message}`, [{ field, message }]);
}

function countOption(value: number | undefined, fallback: number, field: string, minimum: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < minimum) throw badOption(field, `expected an integer of at least ${minimum}, got ${chosen}`);
  return chosen;
}

/** The CLI passes options through as strings; an unknown name must not fall into some default. */
function choiceOption<T extends string>(value: T | undefined, fallback: T, field: string, choices: readonly T[]): T {
  const chosen = value ?? fallback;
  if (!choices.includes(chosen)) throw badOption(field, `expected one of ${choices.join(", ")}, got ${JSON.stringify(chosen)}`);
  return chosen;
}

function isMultiLabel(rows: readonly Rating[] | readonly MultiLabelRating[]): rows is readonly MultiLabelRating[] {
  return rows.length > 0 && Array.isArray(rows[0]!.value);
}

export function summarizeAgreement(
  rows: readonly Rating[] | readonly MultiLabelRating[],
  options: AgreementOptions = {},
): AgreementSummary {
  const common = {
    minSharedItems: countOption(options.minSharedItems, 10, "minSharedItems", 1),
    resamples: countOption(options.resamples, 0, "resamples", 0),
    seed: countOption(options.seed, 1, "seed", 0),
  };
  return isMultiLabel(rows)
    ? summarizeMultiLabel(rows, options, common)
    : summarizeSingleLabel(rows as readonly Rating[], options, common);
}

type CommonSettings = { minSharedItems: number; resamples: number; seed: number };

function summarizeSingleLabel(rows: readonly Rating[], options: AgreementOptions, common: CommonSettings): AgreementSummary {
  const level = choiceOption(options.level, "nominal", "level", ["nominal", "ordinal", "interval", "ratio"]);
  const weights = choiceOption(options.weights, "none", "weights", ["none", "linear", "quadratic"]);
  const referenceValues = [...(options.reference?.values() ?? [])].map((value, index) => {
    if (Array.isArray(value)) throw badOption(`reference[${index}]`, "single-label data needs one reference label per item, not a list");
    return value as CategoryValue;
  });
  const encoded = encodeRatings(rows, { categories: options.categories, extraValues: referenceValues });
  const size = encoded.categories.length;
  const counts = countCategoriesPerItem(encoded);
  const pairs = indexAnnotatorPairs(encoded);
  const disagreementWeights = kappaDisagreementWeights(weights, size, encoded.ordered);
  // Cells are computed once so that each bootstrap resample of the pair tallies is one add per
  // pair occurrence.
  const cells = pairCells(pairs, encoded.categoryOf, size);
  const tallyWith = (itemWeights: Float64Array | null) =>
    cells === null
      ? tallyMarginals(pairs, encoded.categoryOf, size, disagreementWeights, itemWeights)
      : tallyCells(pairs, cells, disagreementWeights, itemWeights);

  const statistics = {
    percent: (itemWeights: Float64Array | null) => percentAgreement(counts, itemWeights),
    cohen: (itemWeights: Float64Array | null) =>
      meanPairwiseKappa(tallyWith(itemWeights), disagreementWeights, common.minSharedItems),
    fleiss: (itemWeights: Float64Array | null) => fleissKappa(counts, itemWeights),
    krippendorff: (itemWeights: Float64Array | null) => krippendorffAlpha(counts, level, encoded.scale, itemWeights),
  };
  const headline = withIntervals(statistics, counts, common);

  const perLabel: Record<string, LabelAgreement> = {};
  encoded.categories.forEach((category, id) => {
    perLabel[String(category)] = labelAgreement(encoded, categoryPresence(encoded.categoryOf, id), pairs, common.minSharedItems);
  });
  const tallies = tallyWith(null);
  const referenceOfItem = referenceIds(encoded, options.reference, (value, item) => {
    const id = encoded.categoryIndex.get(value as CategoryValue);
    if (id === undefined) {
      throw badOption(`reference[${JSON.stringify(item)}]`, `${JSON.stringify(value)} is not in the category list; add it there`);
    }
    return id;
  });
  return {
    kind: "single-label",
    ...sizes(encoded, counts),
    settings: { level, weights, ...common },
    ...headline,
    perLabel,
    perAnnotator: annotatorRecords(encoded, pairs, tallies, disagreementWeights, referenceOfItem, size),
    pairwise: pairwiseAgreement(encoded.annotators, pairs, tallies, disagreementWeights),
  };
}

function summarizeMultiLabel(rows: readonly MultiLabelRating[], options: AgreementOptions, common: CommonSettings): AgreementSummary {
  const distance = choiceOption(options.distance, "masi", "distance", ["masi", "jaccard"]);
  const encoded = encodeMultiLabelRatings(rows);
  const counts = countCategoriesPerItem(encoded);
  const pairs = indexAnnotatorPairs(encoded);
  const distances = setDistanceMatrix(encoded.categories, distance);

  const headline = withIntervals(
    {
      percent: (itemWeights: Float64Array | null) => percentAgreement(counts, itemWeights),
      krippendorff: (itemWeights: Float64Array | null) => multiLabelAlpha(counts, distances, itemWeights),
    },
    counts,
    common,
  );
  const perLabel: Record<string, LabelAgreement> = {};
  encoded.labels.forEach((label, id) => {
    perLabel[label] = labelAgreement(encoded, labelPresence(encoded, id), pairs, common.minSharedItems);
  });

  // A reference set that no annotator chose gets a fresh category id past the annotators' sets.
  const setIds = new Map(encoded.categories.map((set, id) => [set.join("\u0000"), id]));
  const referenceOfItem = referenceIds(encoded, options.reference, (value, item) => {
    if (!Array.isArray(value)) throw badOption(`reference[${JSON.stringify(item)}]`, "multi-label data needs a list of labels per item");
    const key = [...new Set(value as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join("\u0000");
    if (!setIds.has(key)) setIds.set(key, setIds.size);
    return setIds.get(key)!;
  });
  const size = setIds.size;
  const exactMatch = kappaDisagreementWeights("none", size, false);
  const tallies = tallyPairs(pairs, encoded.categoryOf, size, exactMatch);
  const perLabelOnly = "kappa is defined per label for multi-label data: see the per-label figures";
  return {
    kind: "multi-label",
    ...sizes(encoded, counts),
    settings: { distance, weights: "none", ...common },
    percent: headline.percent,
    cohen: { value: null, reason: perLabelOnly },
    fleiss: { value: null, reason: perLabelOnly },
    krippendorff: headline.krippendorff,
    perLabel,
    perAnnotator: annotatorRecords(encoded, pairs, tallies, exactMatch, referenceOfItem, size),
    pairwise: pairwiseAgreement(encoded.annotators, pairs, tallies, exactMatch),
  };
}

function sizes(encoded: EncodedRatings<unknown>, counts: CategoryCounts) {
  let pairableItems = 0;
  for (const m of counts.ratingsOfItem) if (m >= 2) pairableItems++;
  return {
    items: encoded.items.length,
    annotators: encoded.annotators.length,
    ratings: encoded.categoryOf.length,
    pairableItems,
  };
}

/** Point estimates, plus bootstrap intervals over the pairable items when resamples > 0. */
function withIntervals<Name extends string, M extends Metric>(
  statistics: Record<Name, (itemWeights: Float64Array | null) => M>,
  counts: CategoryCounts,
  { resamples, seed }: CommonSettings,
): Record<Name, WithInterval<M>> {
  const names = Object.keys(statistics) as Name[];
  const result = {} as Record<Name, WithInterval<M>>;
  for (const name of names) result[name] = statistics[name](null);
  if (resamples === 0) return result;
  const pairable: number[] = [];
  counts.ratingsOfItem.forEach((m, item) => {
    if (m >= 2) pairable.push(item);
  });
  const intervals = bootstrapIntervals(
    counts.itemCount,
    Int32Array.from(pairable),
    statistics as Record<Name, WeightedStatistic>,
    { resamples, seed },
  );
  for (const name of names) {
    if (result[name].value !== null) result[name] = { ...result[name], ci95: intervals[name] };
  }
  return result;
}

function referenceIds(
  encoded: EncodedRatings<unknown>,
  reference: AgreementOptions["reference"],
  categoryIdOf: (value: CategoryValue | readonly string[], item: string) => number,
): Int32Array | null {
  if (reference === undefined) return null;
  const ids = new Int32Array(encoded.items.length).fill(-1);
  encoded.items.forEach((item, id) => {
    const value = reference.get(item);
    if (value !== undefined) ids[id] = categoryIdOf(value, item);
  });
  return ids;
}

function annotatorRecords(
  encoded: EncodedRatings<unknown>,
  pairs: PairIndex,
  tallies: PairTallies,
  disagreementWeights: Float64Array,
  referenceOfItem: Int32Array | null,
  size: number,
): Record<string, AnnotatorAgreement> {
  const withOthers = agreementWithOthers(encoded, pairs, tallies, disagreementWeights);
  const withReference = referenceOfItem === null ? null : agreementWithReference(encoded, referenceOfItem, size, disagreementWeights);
  const records: Record<string, AnnotatorAgreement> = {};
  encoded.annotators.forEach((annotator, id) => {
    const record = withOthers[id]!;
    records[annotator] = withReference === null ? record : { ...record, reference: withReference[id]! };
  });
  return records;
}
