import { describe, expect, it } from "vitest";
import { countCategoriesPerItem } from "./category-counts";
import { encodeRatings } from "./encode";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { FLEISS_WIKIPEDIA_COUNTS, ratingsFromCategoryCounts } from "./test-fixtures";
import type { Rating } from "./types";

function countsOf(rows: Rating[]) {
  return countCategoriesPerItem(encodeRatings(rows));
}

describe("Fleiss' kappa, Wikipedia worked example (10 subjects, 14 raters, 5 categories)", () => {
  const rows = ratingsFromCategoryCounts(FLEISS_WIKIPEDIA_COUNTS, ["1", "2", "3", "4", "5"]);

  it("gives the published kappa 0.209931", () => {
    expect(fleissKappa(countsOf(rows)).value).toBeCloseTo(0.209931, 6);
  });

  it("relates to nominal alpha as alpha = kappa + (1 - kappa) / n with n = 140 pairable values", () => {
    // With equal raters per item, D_o is 1 - P for both, and alpha's expected disagreement carries
    // the n / (n - 1) small-sample factor, so 1 - alpha = (1 - kappa)(n - 1)/n.
    const counts = countsOf(rows);
    const kappa = fleissKappa(counts).value!;
    expect(krippendorffAlpha(counts, "nominal", null).value).toBeCloseTo(kappa + (1 - kappa) / 140, 12);
  });
});

describe("Fleiss' kappa with a varying number of raters per item", () => {
  // Item 1: a a b  -> P = 2/6;  item 2: a a -> P = 1;  item 3: b b b a -> P = 6/12.
  // P-bar = (1/3 + 1 + 1/2) / 3 = 11/18; p_a = 5/9, p_b = 4/9, P_e = 41/81;
  // kappa = (11/18 - 41/81) / (40/81) = 17/80.
  const rows: Rating[] = [
    { item: "1", annotator: "x", value: "a" },
    { item: "1", annotator: "y", value: "a" },
    { item: "1", annotator: "z", value: "b" },
    { item: "2", annotator: "x", value: "a" },
    { item: "2", annotator: "w", value: "a" },
    { item: "3", annotator: "x", value: "b" },
    { item: "3", annotator: "y", value: "b" },
    { item: "3", annotator: "z", value: "b" },
    { item: "3", annotator: "w", value: "a" },
  ];

  it("uses every item with two or more raters (hand-worked 17/80)", () => {
    expect(fleissKappa(countsOf(rows)).value).toBeCloseTo(17 / 80, 12);
  });

  it("leaves out items with a single rating, from P-bar and from the category shares", () => {
    const withSingle = [...rows, { item: "4", annotator: "x", value: "b" }];
    expect(fleissKappa(countsOf(withSingle)).value).toBeCloseTo(17 / 80, 12);
  });

  it("weights items as given (a weight of 2 counts an item twice)", () => {
    // Doubling item 2: P-bar = (1/3 + 2 + 1/2)/4 = 17/24; p_a = 7/11, p_b = 4/11, P_e = 65/121;
    // kappa = (17/24 - 65/121) / (56/121) = (2057 - 1560) / (24 * 56) = 497/1344.
    const weights = Float64Array.from([1, 2, 1]);
    expect(fleissKappa(countsOf(rows), weights).value).toBeCloseTo(497 / 1344, 12);
  });
});

describe("Fleiss' kappa, undefined cases", () => {
  it("says why when every rating is the same category", () => {
    const kappa = fleissKappa(countsOf(ratingsFromCategoryCounts([[3], [2]], ["yes"])));
    expect(kappa.value).toBeNull();
    expect(kappa).toHaveProperty("reason", expect.stringContaining("chance agreement is 1"));
  });

  it("says why when no item has two ratings", () => {
    const kappa = fleissKappa(countsOf(ratingsFromCategoryCounts([[1, 0], [0, 1]], ["yes", "no"])));
    expect(kappa).toEqual({ value: null, reason: expect.stringContaining("no item has two or more ratings") });
  });
});
