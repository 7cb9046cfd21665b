import { describe, expect, it } from "vitest";
import { countCategoriesPerItem } from "./category-counts";
import { cohenKappaFromTable, kappaDisagreementWeights, meanPairwiseKappa, pairKappa } from "./cohen";
import { tallyPairs } from "./pair-tallies";
import { encodeRatings } from "./encode";
import { krippendorffAlpha } from "./krippendorff";
import { indexAnnotatorPairs } from "./pair-index";
import { ratingsFromTable } from "./test-fixtures";
import type { KappaWeights, Rating } from "./types";

function meanKappa(rows: Rating[], minSharedItems: number, weights: KappaWeights = "none", categories?: string[]) {
  const encoded = encodeRatings(rows, { categories });
  const matrix = kappaDisagreementWeights(weights, encoded.categories.length, encoded.ordered);
  const tallies = tallyPairs(indexAnnotatorPairs(encoded), encoded.categoryOf, encoded.categories.length, matrix);
  return meanPairwiseKappa(tallies, matrix, minSharedItems);
}

describe("Cohen's kappa, Wikipedia examples", () => {
  it("gives 0.40 for yes/yes 20, yes/no 5, no/yes 10, no/no 15", () => {
    expect(cohenKappaFromTable([[20, 5], [10, 15]]).value).toBeCloseTo(0.4, 12);
  });

  it("gives the same 0.40 from rating rows through the pair tallies", () => {
    const kappa = meanKappa(ratingsFromTable([[20, 5], [10, 15]], ["yes", "no"]), 1);
    expect(kappa.value).toBeCloseTo(0.4, 12);
    expect(kappa.pairsUsed).toBe(1);
  });

  it("separates tables with the same 60% agreement: 0.1304 and 0.2593", () => {
    // p_e = 0.6 * 0.7 + 0.4 * 0.3 = 0.54 -> 0.06 / 0.46; p_e = 0.6 * 0.3 + 0.4 * 0.7 = 0.46 -> 0.14 / 0.54
    expect(cohenKappaFromTable([[45, 15], [25, 15]]).value).toBeCloseTo(0.06 / 0.46, 12);
    expect(cohenKappaFromTable([[25, 35], [5, 35]]).value).toBeCloseTo(0.14 / 0.54, 12);
  });
});

describe("weighted Cohen's kappa, hand-worked 3 x 3 table", () => {
  // Rows rater A, columns rater B, categories 1 < 2 < 3; N = 20, row sums r = (6, 7, 7), column
  // sums c = (5, 8, 7).
  //   [4 1 1]
  //   [1 5 1]
  //   [0 2 5]
  // Unweighted: p_o = 14/20, p_e = (6*5 + 7*8 + 7*7)/400 = 135/400, kappa = 0.3625/0.6625 = 29/53.
  // Linear, w = |i - j|: observed sum w*o = 1+2+1+1+0+2 = 7; expected sum w*r_i*c_j / N
  //   = (6*8 + 2*6*7 + 7*5 + 7*7 + 2*7*5 + 7*8) / 20 = 342/20 = 17.1, kappa = 1 - 7/17.1 = 101/171.
  // Quadratic, w = (i - j)^2: observed 1+4+1+1+0+2 = 9; expected
  //   = (6*8 + 4*6*7 + 7*5 + 7*7 + 4*7*5 + 7*8) / 20 = 496/20 = 24.8, kappa = 1 - 9/24.8 = 79/124.
  const table = [
    [4, 1, 1],
    [1, 5, 1],
    [0, 2, 5],
  ];

  it.each([
    ["none", 29 / 53],
    ["linear", 101 / 171],
    ["quadratic", 79 / 124],
  ] as const)("gives the hand-worked value with %s weights", (weights, expected) => {
    expect(cohenKappaFromTable(table, weights).value).toBeCloseTo(expected, 12);
    expect(meanKappa(ratingsFromTable(table, ["1", "2", "3"]), 1, weights, ["1", "2", "3"]).value).toBeCloseTo(expected, 12);
  });

  it("does not depend on how the categories are spelled, only on their order", () => {
    const kappa = meanKappa(ratingsFromTable(table, ["low", "mid", "high"]), 1, "linear", ["low", "mid", "high"]);
    expect(kappa.value).toBeCloseTo(101 / 171, 12);
  });

  it("refuses weights on labels with no order", () => {
    expect(() => meanKappa(ratingsFromTable(table, ["b", "a", "c"]), 1, "linear")).toThrow(/ordered categories/);
  });
});

describe("quadratic kappa and interval alpha on a complete two-coder table", () => {
  // With identical marginals (a symmetric table) Cohen's chance term equals Scott's, and for two
  // coders without missing data alpha = 1 - (2N - 1)/(2N) * (1 - pi). Hand-worked, N = 20,
  // margins (5, 8, 7) for both:
  //   [4 1 0]
  //   [1 5 2]    quadratic kappa: observed 1+1+2+2 = 6, expected (2*40 + 2*140 + 2*56)/20 = 23.6,
  //   [0 2 5]    kappa = 1 - 6/23.6 = 44/59.
  // Alpha: n_c = (10, 16, 14), sum o*delta = 2*(2 + 4) = 12, sum n_c n_k delta
  //   = 2*(10*16 + 4*10*14 + 16*14) = 1888, alpha = 1 - 39*12/1888 = 355/472.
  const table = [
    [4, 1, 0],
    [1, 5, 2],
    [0, 2, 5],
  ];
  const rows = ratingsFromTable(table, ["1", "2", "3"]).map((row) => ({ ...row, value: Number(row.value) }));

  it("gives kappa 44/59 and alpha 355/472, related by the (2N - 1)/(2N) factor", () => {
    const kappa = cohenKappaFromTable(table, "quadratic").value!;
    const encoded = encodeRatings(rows);
    const alpha = krippendorffAlpha(countCategoriesPerItem(encoded), "interval", encoded.scale).value!;
    expect(kappa).toBeCloseTo(44 / 59, 12);
    expect(alpha).toBeCloseTo(355 / 472, 12);
    expect(alpha).toBeCloseTo(1 - (39 / 40) * (1 - kappa), 12);
  });
});

describe("mean pairwise Cohen's kappa", () => {
  // A and B follow the Wikipedia table (kappa 0.4); C copies A (kappa A-C = 1), so the B-C table is
  // the transpose of A-B and kappa B-C = 0.4. Mean = (0.4 + 1 + 0.4) / 3 = 0.6.
  const ab = ratingsFromTable([[20, 5], [10, 15]], ["yes", "no"]);
  const threeRaters = [...ab, ...ab.filter((row) => row.annotator === "A").map((row) => ({ ...row, annotator: "C" }))];

  it("averages the three pairs", () => {
    const kappa = meanKappa(threeRaters, 10);
    expect(kappa.value).toBeCloseTo(0.6, 12);
    expect(kappa.pairsUsed).toBe(3);
  });

  it("leaves out pairs that share fewer than minSharedItems items, and counts them", () => {
    const sparse: Rating[] = [
      ...threeRaters,
      { item: "item-1", annotator: "D", value: "no" },
      { item: "item-2", annotator: "D", value: "yes" },
    ];
    const kappa = meanKappa(sparse, 10);
    expect(kappa.value).toBeCloseTo(0.6, 12);
    expect(kappa.pairsBelowMinimum).toBe(3);
    expect(meanKappa(sparse, 1).pairsUsed + meanKappa(sparse, 1).pairsUndefined).toBe(6);
  });

  it("is symmetric: the pair's kappa does not depend on who is listed first", () => {
    const swapped = ab.map((row) => ({ ...row, annotator: row.annotator === "A" ? "Z" : row.annotator }));
    const encoded = encodeRatings(swapped);
    const matrix = kappaDisagreementWeights("none", 2, false);
    const tallies = tallyPairs(indexAnnotatorPairs(encoded), encoded.categoryOf, 2, matrix);
    expect(pairKappa(tallies, 0, matrix).value).toBeCloseTo(0.4, 12);
  });

  it("says why when both raters used one category only", () => {
    const kappa = cohenKappaFromTable([[12, 0], [0, 0]]);
    expect(kappa.value).toBeNull();
    expect(kappa).toHaveProperty("reason", expect.stringContaining("chance agreement is 1"));
  });

  it("says why when no pair shares enough items, and when nobody shares an item", () => {
    const few = meanKappa(ab.slice(0, 6), 10);
    expect(few.value).toBeNull();
    expect(few).toHaveProperty("reason", expect.stringContaining("at least 10 items"));
    // The reason reaches the insights page: it names no option of the code.
    expect(few).toHaveProperty("reason", expect.not.stringContaining("minSharedItems"));
    const none = meanKappa([{ item: "1", annotator: "A", value: "x" }, { item: "2", annotator: "B", value: "x" }], 1);
    expect(none).toHaveProperty("reason", "no two annotators rated the same item");
  });
});
