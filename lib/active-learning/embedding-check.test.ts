import { describe, expect, it } from "vitest";
import { decodeEmbeddings, encodeEmbeddings } from "./embedding-codec";
import { CROSS_CHECK_MIN_COSINE, cosineSimilarity, encodedCosine } from "./embedding-check";
import { seededRandom } from "@/lib/random";

const DIM = 384;

/** A uniformly random unit vector (normalised Gaussian, Box–Muller). */
function randomUnitVector(random: ReturnType<typeof seededRandom>, dim = DIM): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    const u = 1 - random.next();
    v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const roundTrip = (v: Float32Array, format: "int8" | "float16") => decodeEmbeddings(encodeEmbeddings(v, v.length, format), v.length, format);

describe("cosineSimilarity", () => {
  it("is 1 for parallel vectors, -1 for opposite ones, 0 for orthogonal ones and for a zero vector", () => {
    expect(cosineSimilarity(Float32Array.of(1, 2, 2), Float32Array.of(2, 4, 4))).toBeCloseTo(1, 12);
    expect(cosineSimilarity(Float32Array.of(1, 2, 2), Float32Array.of(-1, -2, -2))).toBeCloseTo(-1, 12);
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(0, 3))).toBe(0);
    expect(cosineSimilarity(Float32Array.of(0, 0), Float32Array.of(0, 3))).toBe(0);
    // 3-4-5: cos = (3*4 + 4*3) / 25
    expect(cosineSimilarity(Float32Array.of(3, 4), Float32Array.of(4, 3))).toBeCloseTo(24 / 25, 12);
  });

  it("refuses vectors of different lengths", () => {
    expect(() => cosineSimilarity(new Float32Array(3), new Float32Array(4))).toThrow(/lengths 3 and 4/);
  });
});

describe("the cross-check threshold against quantisation error", () => {
  it("keeps int8 and float16 round trips of random unit vectors far above the threshold", () => {
    const random = seededRandom(11);
    let worstInt8 = 1;
    let worstMixed = 1;
    for (let n = 0; n < 500; n++) {
      const v = randomUnitVector(random);
      worstInt8 = Math.min(worstInt8, cosineSimilarity(v, roundTrip(v, "int8")));
      worstMixed = Math.min(worstMixed, cosineSimilarity(roundTrip(v, "int8"), roundTrip(v, "float16")));
    }
    // Measured: at worst 0.99995 for int8, and the same for int8 against float16; the threshold is 0.98.
    expect(worstInt8).toBeGreaterThan(0.9999);
    expect(worstMixed).toBeGreaterThan(0.9999);
    expect(CROSS_CHECK_MIN_COSINE).toBeLessThan(worstInt8 - 0.01);
  });

  it("stays above the threshold when one large component coarsens the int8 scale", () => {
    // Sentence encoders have a few outlier dimensions; int8's per-row scale follows the largest.
    const v = randomUnitVector(seededRandom(3)).map((x) => x * 0.3);
    v[7] = 0.95;
    const norm = Math.hypot(...v);
    const unit = v.map((x) => x / norm);
    expect(cosineSimilarity(unit, roundTrip(unit, "int8"))).toBeGreaterThan(0.999);
  });

  it("puts a random vector and a perturbed copy (a made-up vector) below the threshold", () => {
    const random = seededRandom(5);
    const real = randomUnitVector(random);
    expect(cosineSimilarity(real, randomUnitVector(random))).toBeLessThan(0.3);
    const nudged = real.map((x, i) => x + (i % 2 === 0 ? 0.02 : -0.02));
    expect(cosineSimilarity(real, nudged)).toBeLessThan(CROSS_CHECK_MIN_COSINE);
  });
});

describe("encodedCosine", () => {
  it("compares rows stored in different wire formats", () => {
    const v = randomUnitVector(seededRandom(9), 16);
    const asInt8 = { bytes: encodeEmbeddings(v, 16, "int8"), dim: 16, encoding: "int8" as const };
    const asHalf = { bytes: encodeEmbeddings(v, 16, "float16"), dim: 16, encoding: "float16" as const };
    expect(encodedCosine(asInt8, asHalf)).toBeGreaterThan(0.999);
    const negated = { bytes: encodeEmbeddings(v.map((x) => -x), 16, "float16"), dim: 16, encoding: "float16" as const };
    expect(encodedCosine(asInt8, negated)).toBeLessThan(-0.999);
  });
});
