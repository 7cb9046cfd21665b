// The one mapping every insights chart uses: a value domain onto a pixel range, and round tick
// values across the domain. Pure, so the geometry can be checked against hand-worked numbers.
export type LinearScale = {
  readonly domain: readonly [number, number];
  /** Pixel position of `value`; values outside the domain are clamped to its ends. */
  readonly at: (value: number) => number;
};

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [lo, hi] = domain;
  if (!(hi > lo)) throw new Error(`a scale needs a domain with its low end below its high end, got [${lo}, ${hi}]`);
  const [from, to] = range;
  return {
    domain,
    at: (value) => from + ((Math.min(hi, Math.max(lo, value)) - lo) / (hi - lo)) * (to - from),
  };
}

/**
 * Multiples of `step` from the domain's low end to its high end, both ends included; rounded to
 * the step's decimals so that 0.30000000000000004 prints as 0.3.
 */
export function ticks(domain: readonly [number, number], step: number): number[] {
  const decimals = (String(step).split(".")[1] ?? "").length;
  const out: number[] = [];
  for (let k = Math.ceil(domain[0] / step - 1e-9); k * step <= domain[1] + 1e-9; k++) {
    out.push(Number((k * step).toFixed(decimals)) + 0);
  }
  return out;
}

/**
 * The value axis of a rate or agreement chart: [low, 1], where low is `floor` (0 for rates, a
 * little below zero for agreement) lowered to the tenth at or below the lowest value, never below -1.
 */
export function valueDomain(values: readonly (number | null)[], floor: number): [number, number] {
  let low = floor;
  for (const value of values) if (value !== null && value < low) low = Math.floor(value * 10 + 1e-9) / 10;
  return [Math.max(-1, low), 1];
}
