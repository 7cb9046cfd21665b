import { describe, expect, it } from "vitest";
import { allowedTransition, entitiesFromTags, entityF1, tagSet } from "./bio-tags";

describe("BIO tags", () => {
  it("orders tags O, then B- and I- per type", () => {
    expect(tagSet(["location", "person"]).tags).toEqual(["O", "B-location", "I-location", "B-person", "I-person"]);
  });

  it("allows I-x only after B-x or I-x", () => {
    // Tags: 0 O, 1 B-loc, 2 I-loc, 3 B-per, 4 I-per.
    expect(allowedTransition(-1, 2)).toBe(false);
    expect(allowedTransition(0, 2)).toBe(false);
    expect(allowedTransition(1, 2)).toBe(true);
    expect(allowedTransition(2, 2)).toBe(true);
    expect(allowedTransition(3, 2)).toBe(false);
    expect(allowedTransition(2, 3)).toBe(true);
    expect(allowedTransition(-1, 0)).toBe(true);
  });

  it("reads entities the way seqeval's default mode does, stray I- included", () => {
    expect(entitiesFromTags(["B-loc", "I-loc", "O", "I-per", "I-per", "B-per", "I-loc"])).toEqual([
      { type: "loc", start: 0, end: 2 },
      { type: "per", start: 3, end: 5 },
      { type: "per", start: 5, end: 6 },
      { type: "loc", start: 6, end: 7 },
    ]);
  });

  it("scores exact entity F1 micro-averaged over sentences (hand-worked)", () => {
    // Gold: 3 entities; predicted: 2, of which 1 exact. P = 1/2, R = 1/3, F1 = 2·(1/6)/(5/6) = 0.4.
    const gold = [[{ type: "loc", start: 0, end: 2 }], [{ type: "per", start: 1, end: 2 }, { type: "loc", start: 3, end: 4 }]];
    const predicted = [[{ type: "loc", start: 0, end: 2 }], [{ type: "per", start: 1, end: 3 }]];
    const score = entityF1(gold, predicted);
    expect(score.precision).toBe(0.5);
    expect(score.recall).toBeCloseTo(1 / 3, 12);
    expect(score.f1).toBeCloseTo(0.4, 12);
  });
});
