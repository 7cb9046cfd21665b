import { mulberry32 } from "@/lib/random/mulberry32";

/** Seeded 32-bit integers (lib/random/mulberry32), so a bootstrap with the same seed draws the same resamples everywhere. */
export const seededUint32: (seed: number) => () => number = mulberry32;

/** An integer in [0, bound) by multiply-shift; the bias is at most bound / 2^32, negligible here. */
export function drawBelow(next: () => number, bound: number): number {
  return Math.floor((next() * bound) / 4294967296);
}
