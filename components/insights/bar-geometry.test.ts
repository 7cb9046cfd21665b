import { describe, expect, it } from "vitest";
import { barExtent, barScale } from "./bar-geometry";
import { ticks, valueDomain } from "./linear-scale";

// Plot from x = 150 to 450 over [-0.2, 1]: 250 px per unit, so zero sits at 150 + 0.2 * 250 = 200.
const scale = barScale([-0.2, 1], 150, 300);

describe("agreement bars", () => {
  it("puts the zero line a sixth of the way in", () => {
    expect(scale.at(0)).toBeCloseTo(200, 9);
  });

  it("draws a positive alpha rightward from zero: 0.5 spans 200 to 325", () => {
    const bar = barExtent(0.5, scale)!;
    expect(bar.x).toBeCloseTo(200, 9);
    expect(bar.width).toBeCloseTo(125, 9);
  });

  it("draws a negative alpha leftward from zero: -0.2 spans 150 to 200", () => {
    const bar = barExtent(-0.2, scale)!;
    expect(bar.x).toBeCloseTo(150, 9);
    expect(bar.width).toBeCloseTo(50, 9);
  });

  it("draws no bar for alpha = 0 nor for a missing value", () => {
    expect(barExtent(0, scale)).toBeNull();
    expect(barExtent(null, scale)).toBeNull();
  });

  it("draws alpha = 1 to the right end", () => {
    const bar = barExtent(1, scale)!;
    expect(bar.x + bar.width).toBeCloseTo(450, 9);
  });
});

describe("the value axis", () => {
  it("starts at the floor, or at the tenth at or below the lowest value, never below -1", () => {
    expect(valueDomain([0.4, null], 0)).toEqual([0, 1]);
    expect(valueDomain([0.5, -0.3, null], -0.2)).toEqual([-0.3, 1]);
    expect(valueDomain([-0.25], -0.2)).toEqual([-0.3, 1]);
    expect(valueDomain([-1.5], 0)).toEqual([-1, 1]);
  });

  it("ticks at round values, both ends included", () => {
    expect(ticks([-0.2, 1], 0.2)).toEqual([-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks([0, 1], 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
