import { describe, expect, it } from "vitest";
import { countCategoriesPerItem } from "./category-counts";
import { encodeRatings } from "./encode";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { encodeMultiLabelRatings, labelPresence, multiLabelAlpha, setDistanceMatrix } from "./multi-label";
import { indexAnnotatorPairs } from "./pair-index";
import { labelAgreement } from "./per-label";
import { KRIPPENDORFF_EXAMPLE_C, ratingsFromCoderMatrix } from "./test-fixtures";
import type { MultiLabelRating } from "./types";

// Unit 1: A {a}, B {a, b};  unit 2: A {b}, B {b};  unit 3: A {a}, B {c}.
const rows: MultiLabelRating[] = [
  { item: "1", annotator: "A", value: ["a"] },
  { item: "1", annotator: "B", value: ["b", "a"] },
  { item: "2", annotator: "A", value: ["b"] },
  { item: "2", annotator: "B", value: ["b"] },
  { item: "3", annotator: "A", value: ["a"] },
  { item: "3", annotator: "B", value: ["c"] },
];

function setAlpha(data: MultiLabelRating[], distance: "masi" | "jaccard") {
  const encoded = encodeMultiLabelRatings(data);
  return multiLabelAlpha(countCategoriesPerItem(encoded), setDistanceMatrix(encoded.categories, distance));
}

describe("Krippendorff's alpha with set distances (hand-worked)", () => {
  // Values: {a} x2, {a,b} x1, {b} x2, {c} x1; n = 6.
  // MASI: d({a},{a,b}) = 2/3, every other distinct pair 1 except d({a,b},{b}) = 2/3.
  //   sum o*delta = 2 * 2/3 (unit 1) + 2 * 1 (unit 3) = 10/3
  //   sum n_c n_k delta over ordered pairs = 2 * (2*1*2/3 + 2*2 + 2*1 + 1*2*2/3 + 1*1 + 2*1) = 70/3
  //   alpha = 1 - 5 * (10/3) / (70/3) = 2/7
  // Jaccard: d({a},{a,b}) = d({a,b},{b}) = 1/2: sum o*delta = 1 + 2 = 3; expected 2 * 11 = 22;
  //   alpha = 1 - 5 * 3 / 22 = 7/22
  it("gives 2/7 with MASI", () => {
    expect(setAlpha(rows, "masi").value).toBeCloseTo(2 / 7, 12);
  });

  it("gives 7/22 with Jaccard", () => {
    expect(setAlpha(rows, "jaccard").value).toBeCloseTo(7 / 22, 12);
  });

  it("treats label order and repeats inside a set as irrelevant", () => {
    const shuffled = rows.map((row) => ({ ...row, value: [...row.value].reverse().concat(row.value) }));
    expect(setAlpha(shuffled, "masi").value).toBeCloseTo(2 / 7, 12);
  });

  it("equals nominal alpha when every set is a single label (Krippendorff 2011 example C: 0.743421)", () => {
    const singletons = ratingsFromCoderMatrix(KRIPPENDORFF_EXAMPLE_C).map((row) => ({ ...row, value: [String(row.value)] }));
    expect(setAlpha(singletons, "masi").value).toBeCloseTo(0.743421052632, 12);
    expect(setAlpha(singletons, "jaccard").value).toBeCloseTo(0.743421052632, 12);
  });

  it("says why when every rater gave the same set", () => {
    const same = rows.map((row) => ({ ...row, value: ["a"] }));
    expect(setAlpha(same, "masi").value).toBeNull();
  });
});

describe("per-label agreement on multi-label data (each label as yes/no)", () => {
  // Label a: unit 1 yes/yes, unit 2 no/no, unit 3 yes/no. n = 6, three yes and three no.
  // alpha = 1 - 5 * 2 / (2 * 3 * 3) = 4/9; Fleiss: P-bar = 2/3, P_e = 1/2, kappa = 1/3;
  // Cohen for the A-B pair: p_o = 2/3, A said yes twice, B once of 3: p_e = (2*1 + 1*2)/9 = 4/9,
  // kappa = (2/3 - 4/9)/(5/9) = 2/5.
  const encoded = encodeMultiLabelRatings(rows);
  const labelA = encoded.labels.indexOf("a");
  const presence = labelPresence(encoded, labelA);

  it("encodes presence per rating", () => {
    expect(encoded.labels).toEqual(["a", "b", "c"]);
    expect(presence.reduce((sum, present) => sum + present, 0)).toBe(3);
  });

  it("gives the hand-worked alpha, Fleiss' and Cohen's kappa for label a", () => {
    const agreement = labelAgreement(encoded, presence, indexAnnotatorPairs(encoded), 1);
    expect(agreement.krippendorff.value).toBeCloseTo(4 / 9, 12);
    expect(agreement.fleiss.value).toBeCloseTo(1 / 3, 12);
    expect(agreement.cohen.value).toBeCloseTo(2 / 5, 12);
    expect(agreement.percent.value).toBeCloseTo(2 / 3, 12);
    expect(agreement.ratings).toBe(3);
    expect(agreement.prevalence).toBeCloseTo(0.5, 12);
  });

  it("matches single-label metrics on the same yes/no data", () => {
    const yesNo = encodeRatings(
      rows.map((row) => ({ ...row, value: row.value.includes("a") ? "yes" : "no" })),
    );
    const counts = countCategoriesPerItem(yesNo);
    const agreement = labelAgreement(encoded, presence, indexAnnotatorPairs(encoded), 1);
    expect(agreement.fleiss.value).toBeCloseTo(fleissKappa(counts).value!, 12);
    expect(agreement.krippendorff.value).toBeCloseTo(krippendorffAlpha(counts, "nominal", null).value!, 12);
  });

  it("refuses a value that is not a list of strings", () => {
    const bad = [{ item: "1", annotator: "A", value: "a" }] as unknown as MultiLabelRating[];
    expect(() => encodeMultiLabelRatings(bad)).toThrow(/rows\[0\]\.value/);
  });
});
