// Where a horizontal bar goes: from the zero line to its value, leftward for a negative value, and
// nowhere for zero or a missing value (a missing value is said in words, never drawn as zero).
import { linearScale, type LinearScale } from "./linear-scale";

export type BarExtent = { readonly x: number; readonly width: number };

export function barScale(domain: readonly [number, number], left: number, width: number): LinearScale {
  return linearScale(domain, [left, left + width]);
}

export function barExtent(value: number | null, scale: LinearScale): BarExtent | null {
  if (value === null || value === 0) return null;
  const zero = scale.at(0);
  const end = scale.at(value);
  return { x: Math.min(zero, end), width: Math.abs(end - zero) };
}
