import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64 } from "./base64";
import { decodeEmbeddings, encodedRowBytes, encodeEmbeddings } from "./embedding-codec";
import { seededRandom } from "@/lib/random";

function randomEmbeddings(rows: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * dim }, () => (random.next() * 2 - 1) * 0.2);
}

describe("embedding codec", () => {
  it("lays float16 out as little-endian half floats", () => {
    const bytes = encodeEmbeddings(Float32Array.of(1, -2), 2, "float16");
    expect(Array.from(bytes)).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  });

  it("lays int8 out as a little-endian float32 scale then one signed byte per value", () => {
    // max |x| = 1, so scale = 1/127 and the levels are round(x * 127).
    const bytes = encodeEmbeddings(Float32Array.of(0.5, -1, 0.25), 3, "int8");
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(encodedRowBytes(3, "int8"));
    expect(view.getFloat32(0, true)).toBe(Math.fround(1 / 127));
    expect([view.getInt8(4), view.getInt8(5), view.getInt8(6)]).toEqual([64, -127, 32]);
  });

  it("keeps float16 round trips within half a unit in the last place (relative 2^-11)", () => {
    const data = randomEmbeddings(20, 384, 1);
    const decoded = decodeEmbeddings(encodeEmbeddings(data, 384, "float16"), 384, "float16");
    const outOfBound: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const x = data[i] as number;
      // Below 2^-14 halves are subnormal with an absolute step of 2^-24.
      if (Math.abs((decoded[i] as number) - x) > Math.max(Math.abs(x) * 2 ** -11, 2 ** -25)) outOfBound.push(i);
    }
    expect(outOfBound).toEqual([]);
  });

  it("keeps int8 round trips within half a quantisation step of each row's scale", () => {
    const dim = 384;
    const data = randomEmbeddings(20, dim, 2);
    const bytes = encodeEmbeddings(data, dim, "int8");
    const decoded = decodeEmbeddings(bytes, dim, "int8");
    const view = new DataView(bytes.buffer);
    for (let row = 0; row < 20; row++) {
      const scale = view.getFloat32(row * encodedRowBytes(dim, "int8"), true);
      let maxAbs = 0;
      for (let j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(data[row * dim + j] as number));
      expect(scale).toBeCloseTo(maxAbs / 127, 9);
      let maxError = 0;
      for (let j = 0; j < dim; j++) {
        maxError = Math.max(maxError, Math.abs((decoded[row * dim + j] as number) - (data[row * dim + j] as number)));
      }
      // Half a step, plus float32 rounding of the product level * scale.
      expect(maxError).toBeLessThanOrEqual(scale / 2 + maxAbs * 2 ** -23);
    }
  });

  it("encodes an all-zero row with scale 0 and decodes zeros", () => {
    expect(Array.from(decodeEmbeddings(encodeEmbeddings(new Float32Array(4), 4, "int8"), 4, "int8"))).toEqual([0, 0, 0, 0]);
  });

  it("survives base64 transport", () => {
    const data = randomEmbeddings(3, 8, 3);
    const text = bytesToBase64(encodeEmbeddings(data, 8, "float16"));
    const decoded = decodeEmbeddings(base64ToBytes(text), 8, "float16");
    expect(decoded.length).toBe(data.length);
    decoded.forEach((value, i) => expect(value).toBeCloseTo(data[i] as number, 3));
  });

  it("refuses bytes that are not whole rows, saying what to check", () => {
    expect(() => decodeEmbeddings(new Uint8Array(7), 4, "int8")).toThrow(/format and dimension/);
    expect(() => encodeEmbeddings(new Float32Array(5), 2, "float16")).toThrow(/dimension 2/);
  });
});
