import { describe, expect, it } from "vitest";
import { applyInverseDocumentFrequency, fitInverseDocumentFrequency } from "./inverse-document-frequency";
import { sparseSquaredNorm, sparseVectorFromEntries } from "./sparse-vector";

const items = [
  sparseVectorFromEntries([[0, 1], [1, 1]]),
  sparseVectorFromEntries([[0, 1]]),
  sparseVectorFromEntries([[0, 1], [2, 1]]),
];

describe("inverse document frequency", () => {
  it("is ln((1 + n) / (1 + df)) + 1: n = 3, df = [3, 1, 1, 0]", () => {
    const idf = fitInverseDocumentFrequency(items, 4);
    expect(idf[0]).toBeCloseTo(1, 6);
    expect(idf[1]).toBeCloseTo(Math.log(2) + 1, 6);
    expect(idf[2]).toBeCloseTo(Math.log(2) + 1, 6);
    expect(idf[3]).toBeCloseTo(Math.log(4) + 1, 6);
  });

  it("reweights and renormalises: [1, 1] with idf [1, 1 + ln 2] keeps the ratio 1 : 1 + ln 2 at unit norm", () => {
    const weighted = applyInverseDocumentFrequency(items[0]!, fitInverseDocumentFrequency(items, 4));
    expect(sparseSquaredNorm(weighted)).toBeCloseTo(1, 6);
    expect((weighted.values[1] as number) / (weighted.values[0] as number)).toBeCloseTo(1 + Math.log(2), 5);
    expect(Array.from(weighted.indices)).toEqual([0, 1]);
  });

  it("rejects columns outside the declared width", () => {
    expect(() => fitInverseDocumentFrequency(items, 2)).toThrow(/column 2/);
  });
});
