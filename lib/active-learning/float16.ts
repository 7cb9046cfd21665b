/**
 * IEEE 754 binary16 conversion, bit-exact: round to nearest with ties to even, subnormals kept,
 * overflow to infinity, NaN kept as a quiet NaN. Written out by hand because Float16Array and
 * Math.f16round are not available in Node 20 or every browser we support.
 */

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

export function float32ToFloat16Bits(value: number): number {
  float32[0] = value;
  const bits = float32Bits[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent32 = (bits >>> 23) & 0xff;
  const mantissa32 = bits & 0x7fffff;

  if (exponent32 === 0xff) return sign | 0x7c00 | (mantissa32 !== 0 ? 0x200 | (mantissa32 >>> 13) : 0);

  const exponent16 = exponent32 - 127 + 15;
  if (exponent16 >= 0x1f) return sign | 0x7c00;

  if (exponent16 <= 0) {
    // Below 2^-25 every value rounds to (signed) zero; 2^-25 itself is a tie that goes to zero.
    if (exponent16 < -10) return sign;
    const significand = mantissa32 | 0x800000;
    const shift = 14 - exponent16;
    const kept = significand >>> shift;
    const dropped = significand & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    // A carry out of the subnormal range yields 0x0400, which is exactly the smallest normal.
    return sign | (dropped > half || (dropped === half && (kept & 1) === 1) ? kept + 1 : kept);
  }

  const kept = (exponent16 << 10) | (mantissa32 >>> 13);
  const dropped = mantissa32 & 0x1fff;
  // A carry may ripple into the exponent: that is the correct result, up to infinity (0x7c00).
  return sign | (dropped > 0x1000 || (dropped === 0x1000 && (kept & 1) === 1) ? kept + 1 : kept);
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
