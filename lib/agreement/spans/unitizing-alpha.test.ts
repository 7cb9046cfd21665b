import { describe, expect, it } from "vitest";
import { sectionDistance, sectionsOf, unitizingAlpha } from "./unitizing-alpha";

const x = (start: number, end: number) => ({ start, end, label: "x" });

describe("Krippendorff's unitizing alpha", () => {
  // Published worked example: Krippendorff (2004), Content Analysis: An Introduction to Its
  // Methodology, 2nd ed., p. 254 (section 12.6), two observers on a continuum from 150 to 450
  // (length 300), categories c and k. The published values, also asserted by DKPro Statistics'
  // Krippendorff2004Test (github.com/dkpro/dkpro-statistics, dkpro-statistics-agreement/src/test/
  // java/org/dkpro/statistics/agreement/unitizing/Krippendorff2004Test.java): Do(c) = 0.0144,
  // De(c) = 0.0532, αu(c) = 0.7286; Do(k) = 0, De(k) = 0.0490, αu(k) = 1; αu = 0.859.
  // Offsets here are shifted by −150 so the continuum starts at 0.
  it("reproduces Krippendorff's (2004) published example", () => {
    const at = (start: number, length: number, label: string) => ({ start: start - 150, end: start - 150 + length, label });
    const result = unitizingAlpha(
      [
        {
          length: 300,
          item: 0,
          observers: [
            [at(225, 70, "c"), at(370, 30, "c"), at(180, 60, "k"), at(300, 50, "k")],
            [at(220, 80, "c"), at(355, 20, "c"), at(400, 20, "c"), at(180, 60, "k"), at(300, 50, "k")],
          ],
        },
      ],
      ["c", "k"],
    );
    const c = result.perLabel.c!;
    const k = result.perLabel.k!;
    expect(c.observed).toBeCloseTo(0.0144, 4);
    expect(c.expected).toBeCloseTo(0.0532, 4);
    expect(c.alpha.value).toBeCloseTo(0.7286, 4);
    expect(k.observed).toBe(0);
    expect(k.expected).toBeCloseTo(0.049, 4);
    expect(k.alpha.value).toBe(1);
    // 1 − (0.014444 + 0) / (0.053222 + 0.048979) = 0.8587; the book rounds its inputs and prints 0.859.
    expect(result.alpha.value).toBeCloseTo(0.8587, 4);
  });

  it("computes the section distance δ² of the 2004 definition", () => {
    // Values from the same example: units (225, 70) and (220, 80): 5² + 5² = 50; units (370, 30)
    // and (355, 20): 15² + 25² = 850; unit (400, 20) inside a gap (400, 50): 20² = 400.
    expect(sectionDistance({ start: 225, end: 295, unit: true }, { start: 220, end: 300, unit: true })).toBe(50);
    expect(sectionDistance({ start: 370, end: 400, unit: true }, { start: 355, end: 375, unit: true })).toBe(850);
    expect(sectionDistance({ start: 400, end: 450, unit: false }, { start: 400, end: 420, unit: true })).toBe(400);
    // A gap that does not contain the unit, and two gaps, contribute nothing.
    expect(sectionDistance({ start: 370, end: 400, unit: true }, { start: 375, end: 400, unit: false })).toBe(0);
    expect(sectionDistance({ start: 0, end: 5, unit: false }, { start: 0, end: 9, unit: false })).toBe(0);
  });

  it("cuts an observer's continuum into units and gaps, merging overlapping units", () => {
    expect(sectionsOf([x(2, 5), x(4, 7), { start: 8, end: 9, label: "y" }], "x", 10)).toEqual([
      { start: 0, end: 2, unit: false },
      { start: 2, end: 7, unit: true },
      { start: 7, end: 10, unit: false },
    ]);
  });

  // Hand-worked, one label, two observers, L = 10, so m(m−1)L² = 200 and mL(mL−1) = 380.
  // A unit of length 3 contributes (N−1)/3·(2·27 − 3·9 + 3) = 10(N−1) plus 9·Σ over gaps of length
  // ≥ 3 of (gap − 2); De = (2/10)·Σ units / (380 − Σ l(l−1)).
  it("gives 1 for identical spans (hand-worked)", () => {
    // Both mark 2–5. Gaps: 2 and 5 for each. Per unit: 10·1 + 9·(3 + 3) = 64; two units 128.
    // De = 0.2·128 / (380 − 2·6) = 25.6 / 368 = 0.0695652; Do = 0.
    const result = unitizingAlpha([{ length: 10, item: 0, observers: [[x(2, 5)], [x(2, 5)]] }], ["x"]);
    expect(result.perLabel.x!.expected).toBeCloseTo(25.6 / 368, 12);
    expect(result.alpha.value).toBe(1);
  });

  it("gives 0.7125 for spans off by one code point (hand-worked)", () => {
    // A marks 2–5, B marks 3–6. Do: the units overlap, δ² = 1² + 1² = 2, both orders: 4; 4/200 = 0.02.
    // De: A's gaps 2, 5; B's gaps 3, 4; gaps ≥ 3 give 3 + 1 + 2 = 6; per unit 10 + 54 = 64; as above
    // De = 25.6/368. αu = 1 − 0.02 · 368 / 25.6 = 1 − 0.2875 = 0.7125.
    const result = unitizingAlpha([{ length: 10, item: 0, observers: [[x(2, 5)], [x(3, 6)]] }], ["x"]);
    expect(result.perLabel.x!.observed).toBeCloseTo(0.02, 12);
    expect(result.alpha.value).toBeCloseTo(0.7125, 12);
  });

  it("gives −0.7 when only one observer marks a span (hand-worked)", () => {
    // A marks 2–5, B nothing. Do: A's unit lies in B's gap 0–10, δ² = 9, both orders 18; 18/200 = 0.09.
    // De: N = 1 so the first term is 0; gaps 2, 5, 10; those ≥ 3 give 3 + 8 = 11; 9·11 = 99;
    // De = 0.2·99 / (380 − 6) = 19.8/374. αu = 1 − 0.09·374/19.8 = 1 − 1.7 = −0.7.
    const result = unitizingAlpha([{ length: 10, item: 0, observers: [[x(2, 5)], []] }], ["x"]);
    expect(result.alpha.value).toBeCloseTo(-0.7, 12);
  });

  it("lays items end to end: two copies of an item count like weight 2 on one", () => {
    const stretch = { length: 10, observers: [[x(2, 5)], [x(3, 6)]] };
    const twice = unitizingAlpha([{ ...stretch, item: 0 }, { ...stretch, item: 1 }], ["x"]);
    const weighted = unitizingAlpha([{ ...stretch, item: 0 }], ["x"], Float64Array.from([2]));
    expect(weighted.alpha.value).toBeCloseTo(twice.alpha.value!, 12);
  });

  it("is undefined, with a reason, when nobody marked a span", () => {
    const result = unitizingAlpha([{ length: 10, item: 0, observers: [[], []] }], ["x"]);
    expect(result.alpha).toMatchObject({ value: null, reason: expect.stringContaining("no expected disagreement") });
  });
});
