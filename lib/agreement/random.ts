/**
 * mulberry32: a tiny 32-bit generator, so a bootstrap with the same seed draws the same resamples on
 * every machine and run. Statistically adequate for resampling, not for anything secret.
 */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** An integer in [0, bound) by multiply-shift; the bias is at most bound / 2^32, negligible here. */
export function drawBelow(next: () => number, bound: number): number {
  return Math.floor((next() * bound) / 4294967296);
}
