import type { Span } from "@/lib/spans/span-set";
import { definedMetric, undefinedMetric, type ItemWeights, type Metric } from "../types";

/**
 * Krippendorff's unitizing alpha, αu, as published in Krippendorff (2004), "Measuring the
 * reliability of qualitative text analysis data", Quality & Quantity 38: 787–800, and in Content
 * Analysis (2nd ed., 2004, section 12.6), after Krippendorff (1995). Per label c, each observer
 * cuts the continuum into sections: units of c (the observer's spans of c) and the gaps between
 * them. With m observers, continuum length L, section g of observer i with start b, length l:
 *
 *   Do(c) = Σ_i Σ_{j≠i} Σ_g Σ_h δ²(g, h) / (m (m − 1) L²), where δ² is
 *     (b_g − b_h)² + (e_g − e_h)²   when g and h are both units and overlap,
 *     l_g²                           when g is a unit and h a gap that contains it (and vice versa),
 *     0                              otherwise;
 *   De(c) = (2 / L) Σ_units g [ (N_c − 1)/3 · (2 l_g³ − 3 l_g² + l_g)
 *                               + l_g² Σ_gaps h with l_h ≥ l_g (l_h − l_g + 1) ]
 *           / [ m L (m L − 1) − Σ_units g l_g (l_g − 1) ],   N_c the number of units of c;
 *   αu(c) = 1 − Do(c)/De(c), and over all labels αu = 1 − Σ_c Do(c) / Σ_c De(c).
 *
 * Goldset's continuum is the items laid end to end in code points (lib/spans/offsets.ts), each
 * item a stretch of it: sections never cross an item's end, since no span can, and expected
 * disagreement pairs every unit with every gap anywhere on the continuum, which is the published
 * "all possible unitizations" of the whole of it. Item weights (the bootstrap's draw counts)
 * multiply each stretch's sections.
 *
 * Limits: Krippendorff et al. (2016, Quality & Quantity 50: 2347–2364) found this definition to
 * misbehave with more than two observers and replaced it; the project summary (span-agreement.ts)
 * therefore applies it to two observers at a time. Overlapping spans of one label by one observer
 * (possible only where a project allows overlap) are merged into their union first, since the
 * definition needs an observer's units of one label to be disjoint.
 */

export interface UnitizedStretch {
  /** Length of the item text in code points. */
  length: number;
  /** One span list per observer, observers in the same order in every stretch. */
  observers: readonly (readonly Span[])[];
  /** Dense item index, for weights. */
  item: number;
}

export interface UnitizingAlpha {
  alpha: Metric;
  perLabel: Record<string, { alpha: Metric; observed: number; expected: number; units: number }>;
}

interface Section {
  start: number;
  end: number;
  unit: boolean;
}

/** An observer's sections for one label: its units (merged where they overlap) and the gaps between. */
export function sectionsOf(spans: readonly Span[], label: string, length: number): Section[] {
  const units = spans
    .filter((span) => span.label === label)
    .map((span) => ({ start: span.start, end: span.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const unit of units) {
    const last = merged[merged.length - 1];
    if (last !== undefined && unit.start < last.end) last.end = Math.max(last.end, unit.end);
    else merged.push({ ...unit });
  }
  const sections: Section[] = [];
  let position = 0;
  for (const unit of merged) {
    if (unit.start > position) sections.push({ start: position, end: unit.start, unit: false });
    sections.push({ start: unit.start, end: unit.end, unit: true });
    position = unit.end;
  }
  if (position < length) sections.push({ start: position, end: length, unit: false });
  return sections;
}

/** δ² of two sections of different observers (Krippendorff 2004). */
export function sectionDistance(g: Section, h: Section): number {
  if (g.unit && h.unit) {
    return g.start < h.end && h.start < g.end ? (g.start - h.start) ** 2 + (g.end - h.end) ** 2 : 0;
  }
  if (g.unit && !h.unit) return h.start <= g.start && g.end <= h.end ? (g.end - g.start) ** 2 : 0;
  if (!g.unit && h.unit) return g.start <= h.start && h.end <= g.end ? (h.end - h.start) ** 2 : 0;
  return 0;
}

/** Σ over ordered pairs of different observers of Σ δ² between their sections, for one stretch. */
function observedSum(sectionsByObserver: readonly Section[][]): number {
  let sum = 0;
  for (let i = 0; i < sectionsByObserver.length; i++) {
    for (let j = i + 1; j < sectionsByObserver.length; j++) {
      for (const g of sectionsByObserver[i]!) {
        for (const h of sectionsByObserver[j]!) {
          if (h.start >= g.end) break;
          if (h.end > g.start) sum += sectionDistance(g, h);
        }
      }
    }
  }
  return 2 * sum;
}

export function unitizingAlpha(
  stretches: readonly UnitizedStretch[],
  labels: readonly string[],
  weights: ItemWeights = null,
): UnitizingAlpha {
  const observers = stretches[0]?.observers.length ?? 0;
  for (const stretch of stretches) {
    if (stretch.observers.length !== observers) {
      throw new RangeError(`unitizing alpha: every stretch needs the same observers (${observers}), item ${stretch.item} has ${stretch.observers.length}`);
    }
  }
  const weightOf = (stretch: UnitizedStretch) => (weights === null ? 1 : weights[stretch.item]!);
  const m = observers;
  let length = 0;
  for (const stretch of stretches) length += weightOf(stretch) * stretch.length;

  const perLabel: UnitizingAlpha["perLabel"] = {};
  let observedTotal = 0;
  let expectedTotal = 0;
  for (const label of labels) {
    let observedNumerator = 0;
    const units: { length: number; weight: number }[] = [];
    const gaps: { length: number; weight: number }[] = [];
    for (const stretch of stretches) {
      const weight = weightOf(stretch);
      if (weight === 0) continue;
      const sections = stretch.observers.map((spans) => sectionsOf(spans, label, stretch.length));
      observedNumerator += weight * observedSum(sections);
      for (const section of sections.flat()) (section.unit ? units : gaps).push({ length: section.end - section.start, weight });
    }
    const unitCount = units.reduce((sum, unit) => sum + unit.weight, 0);
    const expected = expectedDisagreement(units, gaps, unitCount, m, length);
    const observed = m < 2 || length === 0 ? 0 : observedNumerator / (m * (m - 1) * length * length);
    perLabel[label] = { alpha: alphaOf(observed, expected, label), observed, expected, units: unitCount };
    observedTotal += observed;
    expectedTotal += expected;
  }
  return { alpha: alphaOf(observedTotal, expectedTotal, null), perLabel };
}

function alphaOf(observed: number, expected: number, label: string | null): Metric {
  if (!(expected > 0)) {
    return undefinedMetric(`no expected disagreement${label === null ? "" : ` for ${JSON.stringify(label)}`}: no observer marked a span${label === null ? "" : " of it"}, or the text is too short`);
  }
  return definedMetric(1 - observed / expected);
}

/**
 * De(c). The inner sum over gaps at least as long as a unit is (Σ w·l_h) − (l_g − 1)(Σ w) over
 * those gaps, read from suffix sums of the gaps sorted by length.
 */
function expectedDisagreement(
  units: readonly { length: number; weight: number }[],
  gaps: readonly { length: number; weight: number }[],
  unitCount: number,
  m: number,
  length: number,
): number {
  if (units.length === 0 || m < 2 || length === 0) return 0;
  const sorted = [...gaps].sort((a, b) => a.length - b.length);
  const weightFrom = new Float64Array(sorted.length + 1);
  const lengthFrom = new Float64Array(sorted.length + 1);
  for (let index = sorted.length - 1; index >= 0; index--) {
    weightFrom[index] = weightFrom[index + 1]! + sorted[index]!.weight;
    lengthFrom[index] = lengthFrom[index + 1]! + sorted[index]!.weight * sorted[index]!.length;
  }
  let numerator = 0;
  let unitPairs = 0;
  for (const unit of units) {
    const l = unit.length;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]!.length >= l) high = middle;
      else low = middle + 1;
    }
    const gapSum = lengthFrom[low]! - (l - 1) * weightFrom[low]!;
    numerator += unit.weight * (((unitCount - 1) / 3) * (2 * l ** 3 - 3 * l ** 2 + l) + l * l * gapSum);
    unitPairs += unit.weight * l * (l - 1);
  }
  const denominator = m * length * (m * length - 1) - unitPairs;
  return denominator > 0 ? ((2 / length) * numerator) / denominator : 0;
}
