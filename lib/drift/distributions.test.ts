import { describe, expect, it } from "vitest";
import { countsDivergenceBits, jensenShannonBits, subtractCounts } from "./distributions";

describe("jensenShannonBits", () => {
  it("is 1 bit between distributions with disjoint support", () => {
    expect(jensenShannonBits([1, 0], [0, 1])).toBe(1);
  });

  it("is 0 between the same distribution given as different counts", () => {
    expect(jensenShannonBits([2, 6], [1, 3])).toBeCloseTo(0, 12);
  });

  it("matches a hand-worked value: [½, ½] against [1, 0]", () => {
    // M = [¾, ¼]; KL(P‖M) = ½·log2(⅔) + ½·log2(2) = 0.207519; KL(Q‖M) = log2(4/3) = 0.415037; JS = their mean.
    expect(jensenShannonBits([1, 1], [1, 0])).toBeCloseTo(0.311278, 6);
  });

  it("has no value when a side has no counts", () => {
    expect(jensenShannonBits([0, 0], [1, 2])).toBeNull();
  });

  it("aligns count maps over the union of their keys", () => {
    expect(countsDivergenceBits(new Map([["ham", 3]]), new Map([["spam", 5]]))).toBe(1);
  });
});

describe("subtractCounts", () => {
  it("takes a batch out of the pool, dropping keys left at zero", () => {
    const rest = subtractCounts(new Map([["a", 3], ["b", 1]]), new Map([["a", 1], ["b", 1]]));
    expect([...rest]).toEqual([["a", 2]]);
  });

  it("refuses a part larger than the whole", () => {
    expect(() => subtractCounts(new Map([["a", 1]]), new Map([["a", 2]]))).toThrow(/more of a/);
  });
});
