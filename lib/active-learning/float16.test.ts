import { describe, expect, it } from "vitest";
import { float16BitsToFloat32, float32ToFloat16Bits } from "./float16";

describe("float16", () => {
  // Bit patterns from the IEEE 754 binary16 definition (1 sign, 5 exponent, 10 mantissa bits).
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [2 ** -14, 0x0400], // smallest normal, 6.103515625e-5
    [2 ** -24, 0x0001], // smallest subnormal, 5.960464477539063e-8
    [2 ** -14 - 2 ** -24, 0x03ff], // largest subnormal
    [0, 0x0000],
    [-0, 0x8000],
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
    [0.333251953125, 0x3555],
  ])("encodes %d exactly as 0x%s and back", (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
    expect(Object.is(float16BitsToFloat32(bits), value)).toBe(true);
  });

  it("rounds to nearest, ties to even", () => {
    expect(float32ToFloat16Bits(1 / 3)).toBe(0x3555);
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2^-10: even is 1
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02: even is 0x3c02
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // halfway between 0 and the smallest subnormal
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // halfway between subnormals 1 and 2: even is 2
    expect(float32ToFloat16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // largest subnormal rounds up into the normals
  });

  it("overflows to infinity from 65520 on and keeps NaN", () => {
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-1e6)).toBe(0xfc00);
    const nan = float32ToFloat16Bits(Number.NaN);
    expect(nan & 0x7c00).toBe(0x7c00);
    expect(nan & 0x03ff).not.toBe(0);
    expect(float16BitsToFloat32(nan)).toBeNaN();
  });

  it("round-trips every finite half exactly", () => {
    const mismatches: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) !== 0x7c00 && float32ToFloat16Bits(float16BitsToFloat32(bits)) !== bits) mismatches.push(bits);
    }
    expect(mismatches).toEqual([]);
  });
});
