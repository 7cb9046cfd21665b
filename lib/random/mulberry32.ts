/**
 * mulberry32: the one small 32-bit generator behind every seeded random choice in Goldset
 * (bootstrap resamples, tie-breaking, simulated crowds, splits, exploration, k-means++ seeding,
 * generated test data and test-model weights), so the same seed gives the same draws on every
 * machine, in the browser and under Node.
 * Statistically adequate for these uses; not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1) from the same generator. */
export function mulberry32Float(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
