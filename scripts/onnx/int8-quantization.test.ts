import { describe, expect, it } from "vitest";
import { quantizeSymmetricInt8 } from "./int8-quantization";

describe("quantizeSymmetricInt8", () => {
  it("maps the largest magnitude to ±127 with zero point 0", () => {
    const { values, scale } = quantizeSymmetricInt8(Float32Array.from([0.5, -1.27, 0.01, 0]));
    expect(scale).toBeCloseTo(0.01, 7);
    expect(Array.from(values)).toEqual([50, -127, 1, 0]);
  });

  it("reconstructs every weight within half a step", () => {
    const weights = Float32Array.from([0.3, -0.21, 0.117, -0.004, 0.299]);
    const { values, scale } = quantizeSymmetricInt8(weights);
    weights.forEach((weight, index) => {
      expect(Math.abs((values[index] ?? 0) * scale - weight)).toBeLessThanOrEqual(scale / 2 + 1e-9);
    });
  });

  it("gives an all-zero tensor a usable scale", () => {
    const { values, scale } = quantizeSymmetricInt8(new Float32Array(3));
    expect(scale).toBe(1);
    expect(Array.from(values)).toEqual([0, 0, 0]);
  });
});
