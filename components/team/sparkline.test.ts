import { describe, expect, it } from "vitest";
import { sparklineSegments } from "./sparkline";

describe("sparklineSegments", () => {
  it("spreads the values across the 120 × 24 box, 0 at the bottom and max at the top", () => {
    // Step (120 − 4) / 2 = 58; y = 22 − v/max · 20.
    expect(sparklineSegments([0, 2, 4], 4)).toEqual(["2.0,22.0 60.0,12.0 118.0,2.0"]);
  });

  it("breaks the line where a period has no value", () => {
    expect(sparklineSegments([1, null, 1, 0], 1)).toEqual(["2.0,2.0", "79.3,2.0 118.0,22.0"]);
  });
});
