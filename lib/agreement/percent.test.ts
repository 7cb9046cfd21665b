import { describe, expect, it } from "vitest";
import { countCategoriesPerItem } from "./category-counts";
import { encodeRatings } from "./encode";
import { percentAgreement } from "./percent";
import { FLEISS_WIKIPEDIA_COUNTS, ratingsFromCategoryCounts, ratingsFromTable } from "./test-fixtures";

describe("pairwise percent agreement", () => {
  it("is the share of agreeing pairs per item, averaged over items (hand-worked)", () => {
    // Item 1: a a b -> 1 agreeing pair of 3; item 2: a b -> 0 of 1; item 3: one rating, no pair.
    const counts = countCategoriesPerItem(
      encodeRatings([
        { item: "1", annotator: "x", value: "a" },
        { item: "1", annotator: "y", value: "a" },
        { item: "1", annotator: "z", value: "b" },
        { item: "2", annotator: "x", value: "a" },
        { item: "2", annotator: "y", value: "b" },
        { item: "3", annotator: "x", value: "b" },
      ]),
    );
    expect(percentAgreement(counts).value).toBeCloseTo((1 / 3 + 0) / 2, 12);
  });

  it("is 35/50 = 0.70 for the Wikipedia Cohen table (20 + 15 agreements of 50)", () => {
    const counts = countCategoriesPerItem(encodeRatings(ratingsFromTable([[20, 5], [10, 15]], ["yes", "no"])));
    expect(percentAgreement(counts).value).toBeCloseTo(0.7, 12);
  });

  it("equals the P-bar = 0.378 of the Wikipedia Fleiss example", () => {
    const rows = ratingsFromCategoryCounts(FLEISS_WIKIPEDIA_COUNTS, ["1", "2", "3", "4", "5"]);
    // Sum over subjects of sum n_ij (n_ij - 1) / (14 * 13), divided by 10, is 0.378 to three places.
    expect(percentAgreement(countCategoriesPerItem(encodeRatings(rows))).value).toBeCloseTo(0.378, 3);
  });

  it("says why when no item has a pair of ratings", () => {
    const counts = countCategoriesPerItem(encodeRatings([{ item: "1", annotator: "x", value: "a" }]));
    expect(percentAgreement(counts)).toEqual({ value: null, reason: expect.stringContaining("no item has two or more ratings") });
  });
});
