import { GoldsetError } from "@/lib/errors";
import type { CategoryCounts } from "./category-counts";
import { coincidenceMatrix } from "./coincidences";
import { groupRatingsByItem, type EncodedRatings } from "./encode";
import { alphaFromCoincidences } from "./krippendorff";
import { setDistance } from "./set-distance";
import type { ItemWeights, Metric, MultiLabelRating, SetDistanceName } from "./types";

/**
 * Multi-label ratings encoded with each distinct label set as one category, so that every
 * single-label routine (coincidences, pair tallies, the bootstrap) runs on them unchanged; only the
 * distance between categories differs.
 */
export interface EncodedMultiLabel extends EncodedRatings<readonly string[]> {
  /** Every label used, by code point. */
  readonly labels: readonly string[];
  /** Label ids in each category (label set), by category id. */
  readonly labelsOfSet: readonly Int32Array[];
}

const SEPARATOR = "\u0000";

export function encodeMultiLabelRatings(rows: readonly MultiLabelRating[]): EncodedMultiLabel {
  const setIds = new Map<string, number>();
  const sets: string[][] = [];
  const categoryOfRow = new Int32Array(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const value: unknown = rows[row]!.value;
    if (!Array.isArray(value) || value.some((label) => typeof label !== "string")) {
      const field = `rows[${row}].value`;
      const message = "expected an array of string labels (an empty array means no label applies)";
      throw new GoldsetError("bad_request", `${field}: ${message}`, [{ field, message }]);
    }
    const canonical = [...new Set(value as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const key = canonical.join(SEPARATOR);
    let id = setIds.get(key);
    if (id === undefined) {
      id = sets.length;
      setIds.set(key, id);
      sets.push(canonical);
    }
    categoryOfRow[row] = id;
  }
  const labels = [...new Set(sets.flat())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labelIds = new Map(labels.map((label, id) => [label, id]));
  const labelsOfSet = sets.map((set) => Int32Array.from(set, (label) => labelIds.get(label)!));
  return { ...groupRatingsByItem(rows, categoryOfRow), categories: sets, labels, labelsOfSet };
}

/** Distances between every two distinct label sets, computed once per data set. */
export function setDistanceMatrix(sets: readonly (readonly string[])[], name: SetDistanceName): Float64Array {
  const distance = setDistance(name);
  const size = sets.length;
  const matrix = new Float64Array(size * size);
  for (let c = 0; c < size; c++) {
    for (let k = c + 1; k < size; k++) {
      matrix[c * size + k] = matrix[k * size + c] = distance(sets[c]!, sets[k]!);
    }
  }
  return matrix;
}

/** Krippendorff's alpha with a set distance (MASI or Jaccard) as the difference function. */
export function multiLabelAlpha(counts: CategoryCounts, distances: Float64Array, weights: ItemWeights = null): Metric {
  return alphaFromCoincidences(coincidenceMatrix(counts, weights), distances);
}

/** Label `labelId` as yes (1) / no (0) per rating, aligned with `categoryOf`: the one-vs-rest view. */
export function labelPresence(encoded: EncodedMultiLabel, labelId: number): Int32Array {
  const inSet = encoded.labelsOfSet.map((labelIds) => (labelIds.includes(labelId) ? 1 : 0));
  const presence = new Int32Array(encoded.categoryOf.length);
  for (let rating = 0; rating < presence.length; rating++) presence[rating] = inSet[encoded.categoryOf[rating]!]!;
  return presence;
}
