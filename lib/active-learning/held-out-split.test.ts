import { describe, expect, it } from "vitest";
import { splitHeldOut } from "./held-out-split";

const strata = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));

describe("splitHeldOut", () => {
  it("partitions every item into exactly one part, each part ascending", () => {
    const { train, test } = splitHeldOut({ count: 100, testShare: 0.25, seed: 1 });
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(test.length).toBe(25);
    expect(Array.from(test)).toEqual(Array.from(test).sort((a, b) => a - b));
  });

  it("keeps each stratum's share: 20 of 80 and 5 of 20 go to test at 25%", () => {
    const { test } = splitHeldOut({ count: 100, testShare: 0.25, seed: 3, strata });
    expect(Array.from(test).filter((i) => i < 80).length).toBe(20);
    expect(Array.from(test).filter((i) => i >= 80).length).toBe(5);
  });

  it("is reproducible from the seed and changes with it", () => {
    const a = splitHeldOut({ count: 100, testShare: 0.3, seed: 9, strata });
    const b = splitHeldOut({ count: 100, testShare: 0.3, seed: 9, strata });
    const c = splitHeldOut({ count: 100, testShare: 0.3, seed: 10, strata });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it("rejects a share outside (0, 1)", () => {
    expect(() => splitHeldOut({ count: 10, testShare: 1, seed: 1 })).toThrow(/testShare/);
  });
});
