import { describe, expect, it } from "vitest";
import { dequantizedInt4, quantizeBlockwiseInt4 } from "./int4-block-quantization";

describe("quantizeBlockwiseInt4", () => {
  it("packs one column's block two codes a byte, lower K in the low nibble, around zero point 8", () => {
    // K = 16, N = 1: the largest magnitude (0.7) maps to ±7, so the scale is 0.1.
    const kernel = Float32Array.from([0.7, -0.7, 0.1, 0, 0.3, -0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.06]);
    const { packed, scales, blocksPerColumn } = quantizeBlockwiseInt4(kernel, 16, 1, 16);
    expect(blocksPerColumn).toBe(1);
    expect(scales[0]).toBeCloseTo(0.1, 7);
    // Codes: 15, 1, 9, 8, 11, 6, then 8 up to the last, round(0.6) + 8 = 9.
    expect(Array.from(packed)).toEqual([0x1f, 0x89, 0x6b, 0x88, 0x88, 0x88, 0x88, 0x98]);
  });

  it("lays columns out one after another, each block with its own scale", () => {
    // K = 32 in blocks of 16, N = 2: column 0 holds 1s, column 1 holds k / 10 (row-major [K, N]).
    const kernel = Float32Array.from({ length: 64 }, (_, index) => (index % 2 === 0 ? 1 : Math.floor(index / 2) / 10));
    const weights = quantizeBlockwiseInt4(kernel, 32, 2, 16);
    expect(weights.packed.length).toBe(2 * 2 * 8);
    expect(Array.from(weights.scales, (scale) => Number(scale.toFixed(6)))).toEqual([0.142857, 0.142857, 0.214286, 0.442857]);
  });

  it("reconstructs every weight within half a step of its block's scale", () => {
    const kernel = Float32Array.from({ length: 48 * 3 }, (_, index) => Math.sin(index * 1.7) * (1 + (index % 5)));
    const weights = quantizeBlockwiseInt4(kernel, 48, 3, 16);
    for (let k = 0; k < 48; k += 1) {
      for (let column = 0; column < 3; column += 1) {
        const scale = weights.scales[column * weights.blocksPerColumn + Math.floor(k / 16)] ?? 0;
        expect(Math.abs(dequantizedInt4(weights, k, column) - (kernel[k * 3 + column] ?? 0))).toBeLessThanOrEqual(scale / 2 + 1e-6);
      }
    }
  });

  it("refuses block sizes MatMulNBits does not take", () => {
    expect(() => quantizeBlockwiseInt4(new Float32Array(16), 16, 1, 8)).toThrow(/power of two/);
    expect(() => quantizeBlockwiseInt4(new Float32Array(16), 16, 1, 24)).toThrow(/power of two/);
  });
});
