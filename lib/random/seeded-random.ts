import { mulberry32Float } from "@/lib/random/mulberry32";

/**
 * mulberry32 behind a mixed seed, with an integer helper, so that every random choice in active
 * learning (splits, exploration, k-means++ seeding) is reproducible from one integer seed, in the
 * browser and under Node alike. Not for anything security-related.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  // Mix the seed once (splitmix32 finaliser) so that nearby seeds such as 1, 2, 3 start far apart.
  let state = seed >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35);
  state = (state ^ (state >>> 16)) >>> 0;
  const next = mulberry32Float(state);
  return { next, int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(
  values: T,
  random: SeededRandom,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const held = values[i] as number;
    values[i] = values[j] as number;
    values[j] = held;
  }
  return values;
}
