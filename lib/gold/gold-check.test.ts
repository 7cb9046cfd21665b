import { describe, expect, it } from "vitest";
import { goldDraw, goldItemDue, goldStanding, pickGoldItem } from "./gold-check";

const SETTINGS = { rate: 0.1, threshold: 0.8, minAnswers: 5, action: "flag" as const };

describe("goldStanding", () => {
  it("flags 3 of 5 right (60%) under a threshold of 80%, with the hand-worked Wilson interval 23.1–88.2%", () => {
    // p = 0.6, n = 5, z² = 3.8416: centre = (0.6 + 0.38416) / 1.76832 = 0.55655,
    // half = 1.96·sqrt(0.048 + 0.038416) / 1.76832 = 0.32583 → 0.2307 to 0.8824.
    const standing = goldStanding({ correct: 3, answered: 5 }, SETTINGS);
    expect(standing.belowThreshold).toBe(true);
    expect(standing.accuracy.rate).toBe(0.6);
    expect(standing.accuracy.ci95!.low).toBeCloseTo(0.2307, 4);
    expect(standing.accuracy.ci95!.high).toBeCloseTo(0.8824, 4);
  });
  it("does not flag below minAnswers, however wrong", () => {
    expect(goldStanding({ correct: 0, answered: 4 }, SETTINGS).belowThreshold).toBe(false);
  });
  it("does not flag at the threshold itself (4 of 5 is 80%, not below 80%)", () => {
    expect(goldStanding({ correct: 4, answered: 5 }, SETTINGS).belowThreshold).toBe(false);
  });
  it("has no accuracy and no flag with nothing answered", () => {
    expect(goldStanding({ correct: 0, answered: 0 }, { ...SETTINGS, minAnswers: 1 })).toEqual({
      accuracy: { successes: 0, n: 0, rate: null, ci95: null },
      belowThreshold: false,
    });
  });
});

describe("goldItemDue", () => {
  it("is the same answer on every call for the same annotator and label count", () => {
    const args = { projectId: "p", userId: "u", labelsWritten: 7, rate: 0.3 };
    expect(goldItemDue(args)).toBe(goldItemDue(args));
    expect(goldDraw("p", "u", 7)).toBe(goldDraw("p", "u", 7));
  });
  it("never at rate 0, and always at a rate above every draw", () => {
    for (let n = 0; n < 50; n++) {
      expect(goldItemDue({ projectId: "p", userId: "u", labelsWritten: n, rate: 0 })).toBe(false);
      expect(goldItemDue({ projectId: "p", userId: "u", labelsWritten: n, rate: 1 })).toBe(true);
    }
  });
  it("comes due at about the rate over many label counts (10% of 20,000, within 1 point)", () => {
    let due = 0;
    for (let n = 0; n < 20_000; n++) if (goldItemDue({ projectId: "p", userId: "u", labelsWritten: n, rate: 0.1 })) due++;
    expect(due / 20_000).toBeGreaterThan(0.09);
    expect(due / 20_000).toBeLessThan(0.11);
  });
});

describe("pickGoldItem", () => {
  it("picks one of the candidates, whatever their order, and nothing from none", () => {
    const picked = pickGoldItem([5, 3, 9], "p", "u", 2);
    expect([3, 5, 9]).toContain(picked);
    expect(pickGoldItem([9, 5, 3], "p", "u", 2)).toBe(picked);
    expect(pickGoldItem([], "p", "u", 2)).toBeUndefined();
  });
});
