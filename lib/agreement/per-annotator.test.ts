import { describe, expect, it } from "vitest";
import { kappaDisagreementWeights } from "./cohen";
import { tallyPairs } from "./pair-tallies";
import { encodeRatings } from "./encode";
import { indexAnnotatorPairs } from "./pair-index";
import { pairwiseAgreement } from "./pairwise";
import { agreementWithOthers, agreementWithReference } from "./per-annotator";
import { ratingsFromCoderMatrix } from "./test-fixtures";

// Items 1-4, labels 0/1 (a = 0, b = 1):
//   A: a a b b     B: a b b b     C: a a b a
const rows = ratingsFromCoderMatrix({ A: [0, 0, 1, 1], B: [0, 1, 1, 1], C: [0, 0, 1, 0] });
const encoded = encodeRatings(rows);
const weights = kappaDisagreementWeights("none", 2, true);
const pairs = indexAnnotatorPairs(encoded);
const tallies = tallyPairs(pairs, encoded.categoryOf, 2, weights);

describe("agreement of each annotator with the others (pooled pairs, hand-worked)", () => {
  const [a, b, c] = agreementWithOthers(encoded, pairs, tallies, weights);

  it("counts ratings, shared items and comparisons", () => {
    expect(a).toMatchObject({ ratings: 4, sharedItems: 4, comparisons: 8 });
  });

  it("gives A 6/8 agreement and kappa 0.5", () => {
    // A agrees with B on 3 of 4 items and with C on 3 of 4. Over the 8 pairs A used a 4 times and
    // b 4 times; the others used a 4 times (B once, C three times): p_e = 0.5, kappa = 0.25/0.5.
    expect(a!.percentWithOthers.value).toBeCloseTo(0.75, 12);
    expect(a!.kappaWithOthers.value).toBeCloseTo(0.5, 12);
  });

  it("gives B 5/8 agreement and kappa 1/3", () => {
    // B: a 2, b 6 over its 8 pairs; the others (A and C on the same items): a 5, b 3.
    // p_e = (2*5 + 6*3)/64 = 0.4375, kappa = (0.625 - 0.4375)/0.5625 = 1/3.
    expect(b!.percentWithOthers.value).toBeCloseTo(5 / 8, 12);
    expect(b!.kappaWithOthers.value).toBeCloseTo(1 / 3, 12);
  });

  it("gives C 5/8 agreement", () => {
    expect(c!.percentWithOthers.value).toBeCloseTo(5 / 8, 12);
  });

  it("says why for an annotator nobody overlaps with", () => {
    const alone = encodeRatings([...rows, { item: "unit-9", annotator: "D", value: 1 }]);
    const alonePairs = indexAnnotatorPairs(alone);
    const records = agreementWithOthers(alone, alonePairs, tallyPairs(alonePairs, alone.categoryOf, 2, weights), weights);
    expect(records[3]).toMatchObject({ ratings: 1, sharedItems: 0, comparisons: 0 });
    expect(records[3]!.percentWithOthers.value).toBeNull();
    expect(records[3]!.kappaWithOthers.value).toBeNull();
  });
});

describe("agreement with reference labels", () => {
  // Reference = B's labels (a b b b). A: 3/4; A uses a,a,b,b and the reference a,b,b,b on the
  // same items: p_e = (2*1 + 2*3)/16 = 0.5, kappa = 0.5. B matches exactly: kappa 1.
  const reference = Int32Array.from([0, 1, 1, 1]);
  const [a, b] = agreementWithReference(encoded, reference, 2, weights);

  it("gives A 0.75 and kappa 0.5, B 1 and kappa 1", () => {
    expect(a).toMatchObject({ items: 4, percent: { value: 0.75 } });
    expect(a!.kappa.value).toBeCloseTo(0.5, 12);
    expect(b!.percent.value).toBe(1);
    expect(b!.kappa.value).toBeCloseTo(1, 12);
  });

  it("counts only items that have a reference label", () => {
    const partial = agreementWithReference(encoded, Int32Array.from([0, -1, -1, 1]), 2, weights);
    expect(partial[0]).toMatchObject({ items: 2, percent: { value: 1 } });
  });
});

describe("pairwise annotator matrix", () => {
  it("lists each pair with its shared items, agreement and kappa", () => {
    const matrix = pairwiseAgreement(encoded.annotators, pairs, tallies, weights);
    expect(matrix.map((pair) => pair.annotators)).toEqual([
      ["A", "B"],
      ["A", "C"],
      ["B", "C"],
    ]);
    expect(matrix.map((pair) => pair.sharedItems)).toEqual([4, 4, 4]);
    expect(matrix.map((pair) => pair.percent.value)).toEqual([0.75, 0.75, 0.5]);
    // A-B: A (2 a, 2 b), B (1 a, 3 b): p_e = (2 + 6)/16 = 0.5, kappa = 0.5.
    expect(matrix[0]!.kappa.value).toBeCloseTo(0.5, 12);
  });
});
