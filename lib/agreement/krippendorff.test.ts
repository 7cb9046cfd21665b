import { describe, expect, it } from "vitest";
import { countCategoriesPerItem } from "./category-counts";
import { coincidenceMatrix } from "./coincidences";
import { encodeRatings } from "./encode";
import { krippendorffAlpha } from "./krippendorff";
import { KRIPPENDORFF_EXAMPLE_C, ratingsFromCoderMatrix } from "./test-fixtures";
import type { MeasurementLevel, Rating } from "./types";

function alphaOf(rows: Rating[], level: MeasurementLevel) {
  const encoded = encodeRatings(rows);
  return krippendorffAlpha(countCategoriesPerItem(encoded), level, encoded.scale);
}

describe("Krippendorff's alpha, Krippendorff (2011) example C (4 coders, 12 units, missing data)", () => {
  const rows = ratingsFromCoderMatrix(KRIPPENDORFF_EXAMPLE_C);

  it.each([
    ["nominal", 0.743421052632, 12],
    ["ordinal", 0.815, 3],
    ["interval", 0.849, 3],
    ["ratio", 0.797, 3],
  ] as const)("gives the published %s alpha", (level, published, digits) => {
    const alpha = alphaOf(rows, level);
    expect(alpha.value).not.toBeNull();
    expect(alpha.value!).toBeCloseTo(published, digits);
  });

  it("builds the coincidence matrix worked out by hand from the units", () => {
    // Each unit adds n_c (n_k - [c = k]) / (m_u - 1); e.g. unit 6 (values 1,2,3,4) adds 1/3 to every
    // off-diagonal cell among 1..4, unit 8 (1,1,2,1) adds 2 to o_11 and 1 to o_12 and o_21.
    const third = 1 / 3;
    const expected = [
      [7, 4 * third, third, third, 0],
      [4 * third, 10, 4 * third, third, 0],
      [third, 4 * third, 8, third, 0],
      [third, third, third, 4, 0],
      [0, 0, 0, 0, 3],
    ];
    const coincidences = coincidenceMatrix(countCategoriesPerItem(encodeRatings(rows)));
    expect(coincidences.size).toBe(5);
    expected.forEach((row, c) => row.forEach((cell, k) => expect(coincidences.cells[c * 5 + k]).toBeCloseTo(cell, 12)));
    expect([...coincidences.marginals]).toEqual([9, 13, 10, 5, 3].map((n) => expect.closeTo(n, 12)));
    expect(coincidences.total).toBeCloseTo(40, 12);
  });

  it("ignores a unit with a single value (unit 12) as the method prescribes", () => {
    const withoutUnit12 = rows.filter((row) => row.item !== "unit-12");
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(alphaOf(withoutUnit12, level).value).toBeCloseTo(alphaOf(rows, level).value!, 12);
    }
  });

  it("does not depend on the order of the rows", () => {
    const reversed = [...rows].reverse();
    expect(alphaOf(reversed, "ordinal").value).toBeCloseTo(alphaOf(rows, "ordinal").value!, 12);
  });

  it("orders string labels by the caller's category list for ordinal alpha", () => {
    const names = ["one", "two", "three", "four", "five"];
    const labelled = rows.map((row) => ({ ...row, value: names[(row.value as number) - 1]! }));
    const encoded = encodeRatings(labelled, { categories: names });
    const alpha = krippendorffAlpha(countCategoriesPerItem(encoded), "ordinal", encoded.scale);
    expect(alpha.value).toBeCloseTo(0.815, 3);
  });
});

describe("Krippendorff's alpha, binary data (Krippendorff 2011, example A: 2 coders, 10 units)", () => {
  // The paper's coincidence matrix is o_00 = 10, o_01 = o_10 = 4, o_11 = 2 (n_0 = 14, n_1 = 6), so
  // alpha = 1 - (20 - 1) * 4 / (14 * 6) = 1 - 76/84 = 0.0952.
  const rows = ratingsFromCoderMatrix({
    A: [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    B: [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
  });

  it("reproduces the published coincidences and alpha = 0.095", () => {
    const counts = countCategoriesPerItem(encodeRatings(rows));
    expect([...coincidenceMatrix(counts).cells]).toEqual([10, 4, 4, 2]);
    expect(krippendorffAlpha(counts, "nominal", null).value).toBeCloseTo(1 - 76 / 84, 12);
  });
});

describe("Krippendorff's alpha, undefined cases", () => {
  it("returns a reason when every pairable value is the same", () => {
    const rows = ratingsFromCoderMatrix({ A: [1, 1, 1], B: [1, 1, 1] });
    const alpha = alphaOf(rows, "interval");
    expect(alpha.value).toBeNull();
    expect(alpha).toHaveProperty("reason", expect.stringContaining("expected disagreement is 0"));
  });

  it("returns a reason when no unit has two values", () => {
    const rows = ratingsFromCoderMatrix({ A: [1, 2, null], B: [null, null, 3] });
    const alpha = alphaOf(rows, "nominal");
    expect(alpha.value).toBeNull();
    expect(alpha).toHaveProperty("reason", expect.stringContaining("no value is pairable"));
  });

  it("returns a reason for no ratings at all", () => {
    expect(alphaOf([], "nominal").value).toBeNull();
  });

  it("refuses ordinal alpha on labels that carry no order", () => {
    const encoded = encodeRatings([
      { item: "1", annotator: "A", value: "low" },
      { item: "1", annotator: "B", value: "high" },
    ]);
    expect(() => krippendorffAlpha(countCategoriesPerItem(encoded), "ordinal", encoded.scale)).toThrow(/ordered categories/);
  });

  it("refuses ratio alpha on negative values", () => {
    const rows = ratingsFromCoderMatrix({ A: [-1, 2], B: [1, 2] });
    expect(() => alphaOf(rows, "ratio")).toThrow(/0 or more/);
  });
});
