import { describe, expect, it } from "vitest";
import { meanPairwiseExactF1, resolveSpanItem } from "./resolve-span-item";

const per = (start: number, end: number) => ({ start, end, label: "person" });
const loc = (start: number, end: number) => ({ start, end, label: "location" });

describe("resolveSpanItem", () => {
  it("resolves by majority when a span two of three marked stands and nothing else was marked", () => {
    // Pairs: A–B F1 1, A–C 0 (C marked nothing), B–C 0: mean 1/3.
    const r = resolveSpanItem({ annotations: [{ spans: [per(0, 5)], labels: [] }, { spans: [per(0, 5)], labels: [] }, { spans: [], labels: [] }], adjudication: null, majorityShare: 0.5 });
    expect(r).toMatchObject({ method: "majority", spans: [per(0, 5)], labels: [], votes: 3 });
    expect(r.agreement).toBeCloseTo(1 / 3, 12);
  });

  it("leaves the item unresolved when one of three marked a span nobody else did", () => {
    // A–B 1, A–C 2·1/(1+2) = 2/3, B–C 2/3: mean (1 + 4/3)/3 = 7/9.
    const r = resolveSpanItem({
      annotations: [{ spans: [per(0, 5)], labels: [] }, { spans: [per(0, 5)], labels: [] }, { spans: [per(0, 5), loc(10, 15)], labels: [] }],
      adjudication: null,
      majorityShare: 0.5,
    });
    expect(r).toMatchObject({ method: "unresolved", spans: null, reason: "no-majority" });
    expect(r.agreement).toBeCloseTo(7 / 9, 12);
  });

  it("accepts that same lone span when the project's majority share is below one third", () => {
    const r = resolveSpanItem({
      annotations: [{ spans: [per(0, 5)], labels: [] }, { spans: [per(0, 5)], labels: [] }, { spans: [loc(10, 15), per(0, 5)], labels: [] }],
      adjudication: null,
      majorityShare: 0.3,
    });
    expect(r).toMatchObject({ method: "majority", spans: [per(0, 5), loc(10, 15)] });
  });

  it("says unanimous when every annotator gave the same spans in any order, single for one annotator", () => {
    expect(resolveSpanItem({ annotations: [{ spans: [loc(9, 12), per(0, 5)], labels: [] }, { spans: [per(0, 5), loc(9, 12)], labels: [] }], adjudication: null, majorityShare: 0.5 })).toMatchObject({
      method: "unanimous",
      spans: [per(0, 5), loc(9, 12)],
      agreement: 1,
    });
    expect(resolveSpanItem({ annotations: [{ spans: [per(0, 5)], labels: [] }], adjudication: null, majorityShare: 0.5 })).toMatchObject({ method: "single", spans: [per(0, 5)], agreement: null });
  });

  it("takes an adjudication's spans whatever the votes", () => {
    const r = resolveSpanItem({ annotations: [{ spans: [per(0, 5)], labels: [] }, { spans: [loc(0, 5)], labels: [] }], adjudication: { spans: [loc(0, 5)], labels: [] }, majorityShare: 0.5 });
    expect(r).toMatchObject({ method: "adjudicated", spans: [loc(0, 5)], agreement: 0 });
  });

  it("lets a bare not-sure abstain", () => {
    const r = resolveSpanItem({ annotations: [{ spans: [per(0, 5)], labels: [] }, { spans: [], labels: [], notSure: true }], adjudication: null, majorityShare: 0.5 });
    expect(r).toMatchObject({ method: "single", votes: 1, abstentions: 1 });
  });
});

describe("meanPairwiseExactF1", () => {
  it("counts a pair that marked nothing as full agreement, and needs two annotators", () => {
    expect(meanPairwiseExactF1([[], []])).toBe(1);
    expect(meanPairwiseExactF1([[per(0, 5)]])).toBeNull();
    // Boundary off by one: no exact match.
    expect(meanPairwiseExactF1([[per(0, 5)], [per(0, 4)]])).toBe(0);
  });
});
