import { mulberry32Float } from "@/lib/random/mulberry32";

/**
 * Seeded floats in [0, 1) (lib/random/mulberry32), so that tie-breaking and simulated crowds give
 * the same answer on every machine and every run for the same seed.
 */
export const seededRandom: (seed: number) => () => number = mulberry32Float;

/**
 * Mixes a seed with a key (FNV-1a), so a per-item generator depends only on the seed and that
 * item: adding or removing other items never changes how an item's tie is broken.
 */
export function seedForKey(seed: number, key: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
