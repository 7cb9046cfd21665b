import type { FeatureMatrix } from "./feature-matrix";
import { seededRandom } from "@/lib/random";
import { sparseSquaredNorm } from "./sparse-vector";
import { runSteps, type Steps } from "./steps";

/** Labels each class needs before the model's uncertainty is worth following. */
export const DEFAULT_MIN_PER_CLASS = 3;

/** True while some class has fewer than `minPerClass` labelled examples. */
export function needsColdStart(labelCounts: ArrayLike<number>, minPerClass = DEFAULT_MIN_PER_CLASS): boolean {
  for (let c = 0; c < labelCounts.length; c++) if ((labelCounts[c] as number) < minPerClass) return true;
  return false;
}

/**
 * Diversity order for the cold start: k-means++ seeding (Arthur & Vassilvitskii 2007). Each next
 * item is drawn with probability proportional to its squared distance to the nearest item already
 * chosen or labelled, so the first items spread over the data and rare regions get visited early.
 * The first item is uniform when nothing is labelled yet. Returns up to `count` item indices,
 * never one listed in `labelled` or `excluded`; reproducible from `seed`.
 */
export function diversityOrder(features: FeatureMatrix, options: DiversityOrderOptions): Uint32Array {
  return runSteps(diversityOrderSteps(features, options));
}

export interface DiversityOrderOptions {
  readonly count: number;
  readonly seed: number;
  readonly labelled?: ArrayLike<number>;
  /** Items that must not be picked (leased to someone else, skipped). */
  readonly excluded?: ArrayLike<number>;
}

/** `diversityOrder` in steps (see steps.ts): one step per centre, each a pass over the items. */
export function* diversityOrderSteps(features: FeatureMatrix, options: DiversityOrderOptions): Steps<Uint32Array> {
  const rows = features.rows;
  const random = seededRandom(options.seed);
  const distance = createDistance(features);
  const available = new Uint8Array(rows).fill(1);
  for (const list of [options.labelled, options.excluded]) {
    for (let k = 0; k < (list?.length ?? 0); k++) available[list?.[k] as number] = 0;
  }
  let remaining = 0;
  for (let i = 0; i < rows; i++) remaining += available[i] as number;

  // Squared distance from each item to the nearest centre; +Infinity while there is none.
  const nearest = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  const labelled = options.labelled ?? [];
  for (let k = 0; k < labelled.length; k++) {
    distance.updateNearest(labelled[k] as number, nearest);
    yield;
  }

  const order: number[] = [];
  const count = Math.min(options.count, remaining);
  while (order.length < count) {
    let total = 0;
    let anyCentre = false;
    for (let i = 0; i < rows; i++) {
      if (!available[i]) continue;
      const d = nearest[i] as number;
      if (d !== Number.POSITIVE_INFINITY) anyCentre = true;
      if (d > 0 && d !== Number.POSITIVE_INFINITY) total += d;
    }
    // Uniform among the available items when there is no centre yet, or when every available
    // item coincides with a centre (duplicates): there is no distance left to prefer.
    const uniform = !anyCentre || total === 0;
    let target = random.next() * (uniform ? remaining : total);
    let pick = -1;
    for (let i = 0; i < rows; i++) {
      if (!available[i]) continue;
      const d = nearest[i] as number;
      const mass = uniform ? 1 : d > 0 && d !== Number.POSITIVE_INFINITY ? d : 0;
      if (mass === 0) continue;
      pick = i;
      target -= mass;
      if (target < 0) break;
    }
    order.push(pick);
    available[pick] = 0;
    remaining--;
    distance.updateNearest(pick, nearest);
    yield;
  }
  return Uint32Array.from(order);
}

interface DistanceToItem {
  /** nearest[i] = min(nearest[i], squared distance from item i to item `centre`). */
  updateNearest(centre: number, nearest: Float64Array): void;
}

function createDistance(features: FeatureMatrix): DistanceToItem {
  if (features.kind === "dense") {
    const { data, dim, rows } = features;
    return {
      updateNearest(centre, nearest) {
        const c = centre * dim;
        for (let i = 0; i < rows; i++) {
          const start = i * dim;
          let sum = 0;
          for (let j = 0; j < dim; j++) {
            const diff = (data[start + j] as number) - (data[c + j] as number);
            sum += diff * diff;
          }
          if (sum < (nearest[i] as number)) nearest[i] = sum;
        }
      },
    };
  }
  const { vectors, dim } = features;
  const norms = Float64Array.from(vectors, sparseSquaredNorm);
  // The centre is scattered into a dense scratch row, so each distance costs one pass over the
  // other item's non-zeros: |x - c|^2 = |x|^2 + |c|^2 - 2 x.c.
  const scratch = new Float64Array(dim);
  return {
    updateNearest(centre, nearest) {
      const c = vectors[centre];
      if (c === undefined) throw new RangeError(`cold start: item ${centre} is outside the ${vectors.length} items`);
      for (let e = 0; e < c.indices.length; e++) scratch[c.indices[e] as number] = c.values[e] as number;
      const centreNorm = norms[centre] as number;
      vectors.forEach((vector, i) => {
        let dot = 0;
        for (let e = 0; e < vector.indices.length; e++) dot += (vector.values[e] as number) * (scratch[vector.indices[e] as number] as number);
        const squared = Math.max(0, (norms[i] as number) + centreNorm - 2 * dot);
        if (squared < (nearest[i] as number)) nearest[i] = squared;
      });
      for (let e = 0; e < c.indices.length; e++) scratch[c.indices[e] as number] = 0;
    },
  };
}
