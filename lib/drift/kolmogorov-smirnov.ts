// The two-sample Kolmogorov–Smirnov test on integer samples given as counts per value (text
// lengths): D is the largest gap between the two empirical distribution functions, and its p-value
// the asymptotic Kolmogorov distribution with Stephens' small-sample correction (Numerical
// Recipes, 3rd ed., §14.3.3), good to a few percent once each sample has a handful of values.

/** How many times each value occurs in a sample. */
export type ValueCounts = ReadonlyMap<number, number>;

export type KolmogorovSmirnov = { d: number; pValue: number };

/** D and its p-value; null when either sample is empty. */
export function kolmogorovSmirnov(a: ValueCounts, b: ValueCounts): KolmogorovSmirnov | null {
  const n = total(a);
  const m = total(b);
  if (n === 0 || m === 0) return null;
  const values = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  let cumulativeA = 0;
  let cumulativeB = 0;
  let d = 0;
  // The functions only step at sample values, so the largest gap is found at one of them.
  for (const value of values) {
    cumulativeA += a.get(value) ?? 0;
    cumulativeB += b.get(value) ?? 0;
    d = Math.max(d, Math.abs(cumulativeA / n - cumulativeB / m));
  }
  const effective = Math.sqrt((n * m) / (n + m));
  return { d, pValue: kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * d) };
}

/** Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2 j² λ²}: the chance that √n·D exceeds λ. */
export function kolmogorovSurvival(lambda: number): number {
  // Below about 0.2 the series converges too slowly to sum, and the answer is 1 to 15 digits.
  if (lambda < 0.2) return 1;
  let total = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    total += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * total));
}

/** The median of a sample given as counts (the mean of the two middle values for an even size); null when empty. */
export function medianOfCounts(counts: ValueCounts): number | null {
  const n = total(counts);
  if (n === 0) return null;
  const values = [...counts.keys()].sort((x, y) => x - y);
  const at = (rank: number): number => {
    let seen = 0;
    for (const value of values) {
      seen += counts.get(value)!;
      if (seen > rank) return value;
    }
    return values[values.length - 1]!;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

function total(counts: ValueCounts): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}
