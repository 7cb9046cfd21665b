/**
 * An integer in [0, bound) from a generator of 32-bit integers (`mulberry32`), by multiply-shift;
 * the bias is at most bound / 2^32, negligible here.
 */
export function drawBelow(next: () => number, bound: number): number {
  return Math.floor((next() * bound) / 4294967296);
}
