// Pearson's chi-square test of homogeneity for a 2 × K table (a batch's label counts against the
// pool's), with the chi-square survival function computed from the regularized incomplete gamma
// function (Numerical Recipes, 3rd ed., §6.2: series below a + 1, continued fraction above).

export type HomogeneityTest = { statistic: number; degreesOfFreedom: number; pValue: number };

/**
 * Whether two count vectors over the same categories could come from one distribution. Categories
 * empty in both are dropped; with fewer than two categories left, or an empty row, there is
 * nothing to test and the answer is null. The chi-square approximation wants expected counts of
 * about 5 or more; below that the p-value is rough (the caller shows the counts beside it).
 */
export function chiSquareHomogeneity(a: readonly number[], b: readonly number[]): HomogeneityTest | null {
  if (a.length !== b.length) throw new Error(`chiSquareHomogeneity: ${a.length} counts against ${b.length}`);
  const columns = a.map((n, i) => [n, b[i]!] as const).filter(([x, y]) => x + y > 0);
  const totalA = columns.reduce((s, [x]) => s + x, 0);
  const totalB = columns.reduce((s, [, y]) => s + y, 0);
  if (columns.length < 2 || totalA === 0 || totalB === 0) return null;
  const total = totalA + totalB;
  let statistic = 0;
  for (const [x, y] of columns) {
    const column = x + y;
    const expectedA = (totalA * column) / total;
    const expectedB = (totalB * column) / total;
    statistic += (x - expectedA) ** 2 / expectedA + (y - expectedB) ** 2 / expectedB;
  }
  const degreesOfFreedom = columns.length - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}

/** P(X ≥ x) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (df <= 0) throw new Error(`chiSquareSurvival: degrees of freedom must be positive, got ${df}`);
  if (x <= 0) return 1;
  return upperRegularizedGamma(df / 2, x / 2);
}

/** Q(a, x) = Γ(a, x) / Γ(a). */
function upperRegularizedGamma(a: number, x: number): number {
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;

/** P(a, x) by its series, for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let total = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    total += term;
    if (Math.abs(term) < Math.abs(total) * EPSILON) break;
  }
  return total * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz), for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const w = z - 1;
  let series = c[0]!;
  for (let i = 1; i < c.length; i++) series += c[i]! / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(series);
}
