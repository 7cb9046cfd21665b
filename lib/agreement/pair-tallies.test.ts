import { describe, expect, it } from "vitest";
import { kappaDisagreementWeights } from "./cohen";
import { encodeRatings } from "./encode";
import { indexAnnotatorPairs } from "./pair-index";
import { pairCells, tallyCells, tallyMarginals, tallyPairs } from "./pair-tallies";
import { KRIPPENDORFF_EXAMPLE_C, ratingsFromCoderMatrix } from "./test-fixtures";

const encoded = encodeRatings(ratingsFromCoderMatrix(KRIPPENDORFF_EXAMPLE_C));
const size = encoded.categories.length;
const pairs = indexAnnotatorPairs(encoded);

describe("pair tallies", () => {
  it("indexes the six coder pairs of example C with their shared units", () => {
    // A-B share units 1-9; A-C 2-9; A-D 1-9; B-C 2-10; B-D 1-10; C-D 2-11.
    const tallies = tallyPairs(pairs, encoded.categoryOf, size, kappaDisagreementWeights("none", size, true));
    const shared = new Map<string, number>();
    for (let pair = 0; pair < pairs.pairCount; pair++) {
      const key = `${encoded.annotators[pairs.firstAnnotator[pair]!]}-${encoded.annotators[pairs.secondAnnotator[pair]!]}`;
      shared.set(key, tallies.shared[pair]!);
    }
    expect(Object.fromEntries(shared)).toEqual({ "A-B": 9, "A-C": 8, "A-D": 9, "B-C": 9, "B-D": 10, "C-D": 10 });
  });

  it.each(["none", "linear", "quadratic"] as const)("gives the same %s tallies from cells and from marginals, with item weights", (weights) => {
    const matrix = kappaDisagreementWeights(weights, size, true);
    const itemWeights = Float64Array.from({ length: encoded.items.length }, (_, item) => (item * 7) % 4);
    const cells = pairCells(pairs, encoded.categoryOf, size)!;
    expect(tallyCells(pairs, cells, matrix, itemWeights)).toEqual(tallyMarginals(pairs, encoded.categoryOf, size, matrix, itemWeights));
  });

  it("falls back to marginals when pairs x categories^2 would be too large a table", () => {
    const categories = Array.from({ length: 2100 }, (_, id) => id);
    const wide = encodeRatings(
      [
        { item: "1", annotator: "A", value: 0 },
        { item: "1", annotator: "B", value: 0 },
        { item: "2", annotator: "A", value: 2099 },
        { item: "2", annotator: "B", value: 0 },
      ],
      { categories },
    );
    const widePairs = indexAnnotatorPairs(wide);
    expect(pairCells(widePairs, wide.categoryOf, 2100)).toBeNull();
    const tallies = tallyPairs(widePairs, wide.categoryOf, 2100, kappaDisagreementWeights("none", 2100, true));
    expect(tallies.shared[0]).toBe(2);
    expect(tallies.agreements[0]).toBe(1);
  });
});
