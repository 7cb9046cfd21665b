// Divergence between two distributions given as counts over the same keys (labels, tokens).

/** Counts of keys: how often each label or token occurs. */
export type Counts = ReadonlyMap<string, number>;

const log2 = (x: number) => Math.log(x) / Math.LN2;

/**
 * Jensen–Shannon divergence in bits (base 2, so it lies in [0, 1]) between the distributions the
 * two count vectors describe. Each is normalised first; a vector of zeros has no distribution and
 * gives null. Terms with a zero probability contribute 0 (the limit of p·log p).
 */
export function jensenShannonBits(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new Error(`jensenShannonBits: ${a.length} counts against ${b.length}`);
  const totalA = sum(a);
  const totalB = sum(b);
  if (totalA <= 0 || totalB <= 0) return null;
  let divergence = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]! / totalA;
    const q = b[i]! / totalB;
    const m = (p + q) / 2;
    if (p > 0) divergence += (p / 2) * log2(p / m);
    if (q > 0) divergence += (q / 2) * log2(q / m);
  }
  // Rounding can leave a hair below 0 or above 1.
  return Math.min(1, Math.max(0, divergence));
}

/** The two count maps as aligned vectors over the union of their keys, keys sorted. */
export function alignCounts(a: Counts, b: Counts): { keys: string[]; a: number[]; b: number[] } {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return { keys, a: keys.map((k) => a.get(k) ?? 0), b: keys.map((k) => b.get(k) ?? 0) };
}

/** Jensen–Shannon divergence in bits between two count maps (missing keys count 0). */
export function countsDivergenceBits(a: Counts, b: Counts): number | null {
  const aligned = alignCounts(a, b);
  return jensenShannonBits(aligned.a, aligned.b);
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** `whole` minus `part`, key by key, dropping keys left at 0: the pool without one batch. */
export function subtractCounts<K>(whole: ReadonlyMap<K, number>, part: ReadonlyMap<K, number>): Map<K, number> {
  const rest = new Map(whole);
  for (const [key, n] of part) {
    const left = (rest.get(key) ?? 0) - n;
    if (left < 0) throw new Error(`subtractCounts: part holds more of ${String(key)} than the whole`);
    if (left === 0) rest.delete(key);
    else rest.set(key, left);
  }
  return rest;
}

/** Adds `part` into `into`, key by key. */
export function addCounts<K>(into: Map<K, number>, part: ReadonlyMap<K, number>): void {
  for (const [key, n] of part) into.set(key, (into.get(key) ?? 0) + n);
}
