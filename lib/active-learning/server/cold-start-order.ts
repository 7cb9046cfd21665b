/**
 * The head of the queue while some label still lacks examples: k-means++ picks over the open
 * items (see lib/active-learning/cold-start.ts), so the first labels spread over the data.
 *
 * k-means++ costs picks x items x dimensions, so it runs on a seeded sample of the open items and
 * picks only as many as annotators will label before the next retrain recomputes it (three
 * retrain periods, for several annotators and the prefetch): the rest of the queue follows the
 * model, or import order while there is no model.
 */
import "server-only";
import { diversityOrderSteps } from "@/lib/active-learning/cold-start";
import { selectRows, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { seededRandom, shuffleInPlace } from "@/lib/random";
import type { Steps } from "@/lib/active-learning/steps";

export const MAX_DIVERSITY_CANDIDATES = 4_000;
export const MAX_DIVERSITY_PICKS = 200;
const MIN_DIVERSITY_PICKS = 30;

export function diversityPickCount(retrainEvery: number): number {
  return Math.min(MAX_DIVERSITY_PICKS, Math.max(MIN_DIVERSITY_PICKS, 3 * retrainEvery));
}

/**
 * Rows to serve first, in order: diverse among `candidates` (rows of `features`) and far from the
 * rows already labelled. Returns at most `count` rows. In steps (see lib/active-learning/steps.ts).
 */
export function* coldStartHeadSteps(input: {
  readonly features: FeatureMatrix;
  readonly candidates: readonly number[];
  readonly labelled: readonly number[];
  readonly count: number;
  readonly seed: number;
}): Steps<number[]> {
  const { features, labelled, seed } = input;
  let candidates = input.candidates;
  if (candidates.length > MAX_DIVERSITY_CANDIDATES) {
    candidates = Array.from(shuffleInPlace(Uint32Array.from(candidates), seededRandom(seed)).subarray(0, MAX_DIVERSITY_CANDIDATES));
  }
  if (candidates.length === 0 || input.count <= 0) return [];
  // Candidates first, then the labelled rows as fixed centres.
  const rows = [...candidates, ...labelled];
  const sub = selectRows(features, rows);
  const picks = yield* diversityOrderSteps(sub, {
    count: Math.min(input.count, candidates.length),
    seed,
    labelled: Uint32Array.from(labelled, (_, k) => candidates.length + k),
  });
  return Array.from(picks, (local) => rows[local] as number);
}
