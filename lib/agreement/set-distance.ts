import type { SetDistanceName } from "./types";

function overlap(a: readonly string[], b: readonly string[]): { shared: number; sizeA: number; sizeB: number } {
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const label of setA) if (setB.has(label)) shared++;
  return { shared, sizeA: setA.size, sizeB: setB.size };
}

/** 1 - |A ∩ B| / |A ∪ B|; two empty sets are identical (distance 0). */
export function jaccardDistance(a: readonly string[], b: readonly string[]): number {
  const { shared, sizeA, sizeB } = overlap(a, b);
  const union = sizeA + sizeB - shared;
  return union === 0 ? 0 : 1 - shared / union;
}

/**
 * MASI (Passonneau 2006): 1 - J * M, where J is the Jaccard similarity and M rewards the kind of
 * overlap: 1 identical, 2/3 one set contains the other, 1/3 they overlap otherwise, 0 disjoint.
 */
export function masiDistance(a: readonly string[], b: readonly string[]): number {
  const { shared, sizeA, sizeB } = overlap(a, b);
  const union = sizeA + sizeB - shared;
  if (union === 0) return 0;
  const monotonicity =
    shared === sizeA && shared === sizeB ? 1 : shared === sizeA || shared === sizeB ? 2 / 3 : shared > 0 ? 1 / 3 : 0;
  return 1 - (shared / union) * monotonicity;
}

export function setDistance(name: SetDistanceName): (a: readonly string[], b: readonly string[]) => number {
  return name === "masi" ? masiDistance : jaccardDistance;
}
