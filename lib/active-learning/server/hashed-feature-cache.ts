/**
 * Hashed n-gram features of items, kept between retrains in the retrain worker thread (retrain-thread.ts). Hashing is the
 * slowest step of a retrain on the fallback features (about 0.25 ms per AG News item on one
 * core), and an item's text never changes once imported, so each item is hashed once. Bounded:
 * past MAX_CACHED_ITEMS the other projects' entries go first, then new items are not kept.
 */
import "server-only";
import { hashedFeatures } from "@/lib/active-learning/hashed-features";
import type { SparseVector } from "@/lib/active-learning/sparse-vector";
import type { EventLoopSlices } from "./event-loop-slices";

/** About 100 MB of vectors at AG News lengths. */
export const MAX_CACHED_ITEMS = 200_000;

const globalForFeatures = globalThis as unknown as { goldsetHashedFeatures?: Map<string, Map<number, SparseVector>> };

function projects(): Map<string, Map<number, SparseVector>> {
  globalForFeatures.goldsetHashedFeatures ??= new Map();
  return globalForFeatures.goldsetHashedFeatures;
}

function cachedCount(): number {
  let total = 0;
  for (const vectors of projects().values()) total += vectors.size;
  return total;
}

/** The item ids among `itemIds` whose features are not cached yet. */
export function uncachedItems(projectId: string, itemIds: readonly number[]): number[] {
  const cached = projects().get(projectId);
  return cached ? itemIds.filter((id) => !cached.has(id)) : [...itemIds];
}

/**
 * Features for `itemIds` in that order: cached ones reused, the others hashed from `texts` (which
 * must hold every uncached id), pausing whenever a slice is used up (a worker thread's slices
 * never are).
 */
export async function hashedFeaturesFor(input: {
  readonly projectId: string;
  readonly itemIds: readonly number[];
  readonly texts: ReadonlyMap<number, string>;
  readonly slices: EventLoopSlices;
}): Promise<SparseVector[]> {
  const all = projects();
  let cache = all.get(input.projectId);
  if (!cache) {
    cache = new Map();
    all.set(input.projectId, cache);
  }
  const missing = uncachedItems(input.projectId, input.itemIds).length;
  if (cachedCount() + missing > MAX_CACHED_ITEMS) {
    for (const key of [...all.keys()]) if (key !== input.projectId) all.delete(key);
  }
  let room = MAX_CACHED_ITEMS - cachedCount();
  const vectors: SparseVector[] = [];
  for (const id of input.itemIds) {
    let vector = cache.get(id);
    if (!vector) {
      vector = hashedFeatures(input.texts.get(id) ?? "");
      if (room > 0) {
        cache.set(id, vector);
        room--;
      }
      if (input.slices.due()) await input.slices.pause();
    }
    vectors.push(vector);
  }
  return vectors;
}
