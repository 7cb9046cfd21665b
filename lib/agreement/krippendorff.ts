import { GoldsetError } from "@/lib/errors";
import type { CategoryCounts } from "./category-counts";
import { coincidenceMatrix, type Coincidences } from "./coincidences";
import { definedMetric, undefinedMetric, type ItemWeights, type MeasurementLevel, type Metric } from "./types";

/**
 * Squared difference functions of Krippendorff (2011), as a size x size matrix over category ids.
 * Category ids must be in rank order for ordinal data (the encoder guarantees it when `scale` is
 * set); ordinal distances depend on the marginals, so this is computed per coincidence matrix.
 */
export function levelDistances(level: MeasurementLevel, coincidences: Coincidences, scale: Float64Array | null): Float64Array {
  const { size, marginals } = coincidences;
  const distances = new Float64Array(size * size);
  if (level === "nominal") {
    for (let c = 0; c < size; c++) for (let k = 0; k < size; k++) distances[c * size + k] = c === k ? 0 : 1;
    return distances;
  }
  if (scale === null) {
    throw new GoldsetError(
      "bad_request",
      `${level} alpha needs ordered categories: use numeric values or pass the category list in order`,
      [{ field: "level", message: `${level} needs ordered categories` }],
    );
  }
  if (level === "ordinal") {
    // delta_ck = (sum of n_g for g from c to k, minus (n_c + n_k) / 2)^2, via prefix sums.
    const prefix = new Float64Array(size + 1);
    for (let c = 0; c < size; c++) prefix[c + 1] = prefix[c]! + marginals[c]!;
    for (let c = 0; c < size; c++) {
      for (let k = c + 1; k < size; k++) {
        const between = prefix[k + 1]! - prefix[c]! - (marginals[c]! + marginals[k]!) / 2;
        distances[c * size + k] = distances[k * size + c] = between * between;
      }
    }
    return distances;
  }
  for (let c = 0; c < size; c++) {
    const vc = scale[c]!;
    if (level === "ratio" && vc < 0) {
      throw new GoldsetError("bad_request", `ratio alpha needs values of 0 or more; got ${vc}`, [
        { field: "value", message: "ratio data cannot be negative: use the interval level" },
      ]);
    }
    for (let k = 0; k < size; k++) {
      const vk = scale[k]!;
      const difference = vc - vk;
      if (level === "interval") distances[c * size + k] = difference * difference;
      else {
        const sum = vc + vk;
        distances[c * size + k] = sum === 0 ? 0 : (difference / sum) ** 2;
      }
    }
  }
  return distances;
}

/**
 * alpha = 1 - D_o / D_e = 1 - (n - 1) * sum o_ck delta_ck / sum n_c n_k delta_ck.
 * Works for any distance matrix, which is how the multi-label set distances reuse it.
 */
export function alphaFromCoincidences(coincidences: Coincidences, distances: Float64Array): Metric {
  const { size, cells, marginals, total } = coincidences;
  if (total === 0) {
    return undefinedMetric("no unit has two or more values, so no value is pairable");
  }
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    const nc = marginals[c]!;
    for (let k = 0; k < size; k++) {
      const delta = distances[c * size + k]!;
      if (delta === 0) continue;
      observed += cells[c * size + k]! * delta;
      expected += nc * marginals[k]! * delta;
    }
  }
  if (expected === 0) {
    return undefinedMetric(
      "all pairable values are the same (or at distance 0), so expected disagreement is 0 and alpha is 0/0",
    );
  }
  return definedMetric(1 - ((total - 1) * observed) / expected);
}

/** Krippendorff's alpha for single-label data at the given level of measurement, any missing data. */
export function krippendorffAlpha(
  counts: CategoryCounts,
  level: MeasurementLevel,
  scale: Float64Array | null,
  weights: ItemWeights = null,
): Metric {
  const coincidences = coincidenceMatrix(counts, weights);
  return alphaFromCoincidences(coincidences, levelDistances(level, coincidences, scale));
}
