import { describe, expect, it } from "vitest";
import { summarizeAgreement } from "./summarize";
import { KRIPPENDORFF_EXAMPLE_C, ratingsFromCoderMatrix, ratingsFromTable } from "./test-fixtures";
import type { MultiLabelRating } from "./types";

/** Every figure in the JSON is a finite number, or null with a reason. */
function expectNoBareNulls(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(expectNoBareNulls);
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if ("value" in record) {
    if (record.value === null) expect(typeof record.reason).toBe("string");
    else expect(Number.isFinite(record.value)).toBe(true);
  }
  Object.values(record).forEach(expectNoBareNulls);
}

describe("summarizeAgreement, single-label", () => {
  it("reports Krippendorff (2011) example C at each level with counts", () => {
    const rows = ratingsFromCoderMatrix(KRIPPENDORFF_EXAMPLE_C);
    const summary = summarizeAgreement(rows, { level: "ordinal" });
    expect(summary).toMatchObject({ kind: "single-label", items: 12, annotators: 4, ratings: 41, pairableItems: 11 });
    expect(summary.krippendorff.value).toBeCloseTo(0.815, 3);
    expect(summarizeAgreement(rows, { level: "interval" }).krippendorff.value).toBeCloseTo(0.849, 3);
    expect(Object.keys(summary.perLabel)).toEqual(["1", "2", "3", "4", "5"]);
    expect(Object.keys(summary.perAnnotator)).toEqual(["A", "B", "C", "D"]);
    expect(summary.pairwise).toHaveLength(6);
    expectNoBareNulls(JSON.parse(JSON.stringify(summary)));
  });

  it("reports the Wikipedia Cohen table: kappa 0.40, Fleiss (Scott's pi) 13/33, alpha 0.40", () => {
    // Pooled shares: yes 55/100, no 45/100, P_e = 0.505, P-bar = 0.7: pi = 0.195/0.495 = 13/33.
    // Two coders, no missing data: alpha = 1 - (99/100)(1 - 13/33) = 0.4.
    const summary = summarizeAgreement(ratingsFromTable([[20, 5], [10, 15]], ["yes", "no"]));
    expect(summary.percent.value).toBeCloseTo(0.7, 12);
    expect(summary.cohen.value).toBeCloseTo(0.4, 12);
    expect(summary.fleiss.value).toBeCloseTo(13 / 33, 12);
    expect(summary.krippendorff.value).toBeCloseTo(0.4, 12);
    expect(summary.pairwise).toEqual([
      { annotators: ["A", "B"], sharedItems: 50, percent: { value: 0.7 }, kappa: { value: expect.closeTo(0.4, 12) } },
    ]);
  });

  it("applies weights to the headline, pairwise and per-annotator kappa", () => {
    const rows = ratingsFromTable([[4, 1, 1], [1, 5, 1], [0, 2, 5]], ["low", "mid", "high"]);
    const summary = summarizeAgreement(rows, { weights: "quadratic", categories: ["low", "mid", "high"] });
    expect(summary.cohen.value).toBeCloseTo(79 / 124, 12);
    expect(summary.pairwise[0]!.kappa.value).toBeCloseTo(79 / 124, 12);
    expect(summary.perAnnotator.A!.kappaWithOthers.value).toBeCloseTo(79 / 124, 12);
  });

  it("compares annotators with reference labels, including a label nobody chose", () => {
    const rows = ratingsFromCoderMatrix({ A: [0, 0, 1, 1], B: [0, 1, 1, 1] }).map((row) => ({ ...row, value: String(row.value) }));
    const reference = new Map([
      ["unit-1", "0"],
      ["unit-2", "1"],
      ["unit-3", "1"],
      ["unit-4", "2"],
    ]);
    const summary = summarizeAgreement(rows, { reference });
    expect(summary.perAnnotator.A!.reference).toMatchObject({ items: 4, percent: { value: 0.5 } });
    expect(summary.perAnnotator.B!.reference).toMatchObject({ items: 4, percent: { value: 0.75 } });
    expect(Object.keys(summary.perLabel)).toEqual(["0", "1", "2"]);
    expect(summary.perLabel["2"]!.ratings).toBe(0);
  });

  it("returns reasons, not numbers, when everyone used one label", () => {
    const rows = ratingsFromCoderMatrix({ A: [1, 1, 1, 1], B: [1, 1, 1, 1] });
    const summary = summarizeAgreement(rows, { resamples: 20, minSharedItems: 1 });
    expect(summary.percent.value).toBe(1);
    for (const figure of [summary.cohen, summary.fleiss, summary.krippendorff]) {
      expect(figure.value).toBeNull();
      expect(figure).toHaveProperty("reason");
      expect(figure).not.toHaveProperty("ci95");
    }
    expectNoBareNulls(summary);
  });

  it("returns reasons for no data at all", () => {
    const summary = summarizeAgreement([]);
    expect(summary).toMatchObject({ items: 0, annotators: 0, ratings: 0, pairableItems: 0, pairwise: [] });
    expect(summary.percent.value).toBeNull();
    expectNoBareNulls(summary);
  });

  it("adds reproducible bootstrap intervals around the headline figures", () => {
    const rows = ratingsFromCoderMatrix(KRIPPENDORFF_EXAMPLE_C);
    const first = summarizeAgreement(rows, { resamples: 200, seed: 5, minSharedItems: 5 });
    expect(summarizeAgreement(rows, { resamples: 200, seed: 5, minSharedItems: 5 })).toEqual(first);
    for (const figure of [first.percent, first.fleiss, first.krippendorff, first.cohen]) {
      const interval = figure.ci95;
      expect(interval?.low).not.toBeNull();
      expect(interval!.low!).toBeLessThanOrEqual(figure.value!);
      expect(interval!.high!).toBeGreaterThanOrEqual(figure.value!);
    }
    expect(summarizeAgreement(rows).krippendorff).not.toHaveProperty("ci95");
  });

  it("rejects options a caller can fix", () => {
    const rows = ratingsFromTable([[1, 1], [1, 1]], ["yes", "no"]);
    expect(() => summarizeAgreement(rows, { resamples: -1 })).toThrow(/option resamples/);
    expect(() => summarizeAgreement(rows, { minSharedItems: 0 })).toThrow(/option minSharedItems/);
    expect(() => summarizeAgreement(rows, { level: "interval" })).toThrow(/ordered categories/);
    expect(() => summarizeAgreement(rows, { level: "intervall" as "interval" })).toThrow(/option level: expected one of/);
    expect(() => summarizeAgreement(rows, { weights: "squared" as "quadratic" })).toThrow(/option weights/);
    expect(() => summarizeAgreement(rows, { categories: ["yes", "no"], reference: new Map([["item-1", "maybe"]]) })).toThrow(
      /"maybe" is not in the category list/,
    );
  });
});

describe("summarizeAgreement, multi-label", () => {
  const rows: MultiLabelRating[] = [
    { item: "1", annotator: "A", value: ["a"] },
    { item: "1", annotator: "B", value: ["a", "b"] },
    { item: "2", annotator: "A", value: ["b"] },
    { item: "2", annotator: "B", value: ["b"] },
    { item: "3", annotator: "A", value: ["a"] },
    { item: "3", annotator: "B", value: ["c"] },
  ];

  it("reports set-distance alpha (hand-worked 2/7 MASI, 7/22 Jaccard) and exact-set agreement", () => {
    const summary = summarizeAgreement(rows);
    expect(summary.kind).toBe("multi-label");
    expect(summary.krippendorff.value).toBeCloseTo(2 / 7, 12);
    expect(summarizeAgreement(rows, { distance: "jaccard" }).krippendorff.value).toBeCloseTo(7 / 22, 12);
    expect(summary.percent.value).toBeCloseTo(1 / 3, 12);
    expect(summary.perLabel.a!.krippendorff.value).toBeCloseTo(4 / 9, 12);
    expect(Object.keys(summary.perLabel)).toEqual(["a", "b", "c"]);
  });

  it("points to perLabel for kappa instead of inventing a multi-label kappa", () => {
    const summary = summarizeAgreement(rows);
    expect(summary.cohen).toEqual({ value: null, reason: expect.stringContaining("see the per-label figures") });
    expect(summary.fleiss).toEqual({ value: null, reason: expect.stringContaining("see the per-label figures") });
    expectNoBareNulls(summary);
  });

  it("compares whole label sets with a reference, including a set nobody chose", () => {
    const reference = new Map<string, readonly string[]>([
      ["1", ["b", "a"]],
      ["2", ["b"]],
      ["3", ["a", "c"]],
    ]);
    const summary = summarizeAgreement(rows, { reference });
    expect(summary.perAnnotator.A!.reference).toMatchObject({ items: 3, percent: { value: 1 / 3 } });
    expect(summary.perAnnotator.B!.reference).toMatchObject({ items: 3, percent: { value: 2 / 3 } });
  });
});
