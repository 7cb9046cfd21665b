import { seededRandom, shuffleInPlace } from "@/lib/random";

export interface HeldOutSplit {
  /** Item indices, ascending. */
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * Splits item indices 0..count-1 into train and test, reproducibly from `seed`. With `strata`
 * (e.g. the gold labels) each stratum is split on its own, so a rare class keeps its share in both
 * parts; each stratum sends round(testShare * size) items to test.
 */
export function splitHeldOut(options: {
  readonly count: number;
  readonly testShare: number;
  readonly seed: number;
  readonly strata?: ArrayLike<number>;
}): HeldOutSplit {
  const { count, testShare, seed, strata } = options;
  if (!(testShare > 0 && testShare < 1)) throw new RangeError(`held-out split: testShare must be in (0, 1), got ${testShare}`);
  if (strata && strata.length !== count) throw new RangeError(`held-out split: ${strata.length} strata for ${count} items`);
  const random = seededRandom(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const key = strata ? (strata[i] as number) : 0;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const inTest = new Uint8Array(count);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(groups.get(key) as number[], random);
    const take = Math.round(testShare * members.length);
    for (let k = 0; k < take; k++) inTest[members[k] as number] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < count; i++) (inTest[i] ? test : train).push(i);
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}
