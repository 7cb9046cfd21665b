import { describe, expect, it } from "vitest";
import { mulberry32, mulberry32Float } from "./mulberry32";

describe("mulberry32", () => {
  it("matches the reference sequence for seed 0", () => {
    // The C reference (z = state += 0x6D2B79F5; z = (z ^ z >> 15) * (z | 1); z ^= z + (z ^ z >> 7) * (z | 61);
    // return z ^ z >> 14) from state 0, worked with 32-bit masks in an independent Python run.
    const next = mulberry32(0);
    expect([next(), next(), next()]).toEqual([1144304738, 1416247, 958946056]);
  });
  it("gives floats in [0, 1) that follow the integers", () => {
    const ints = mulberry32(42);
    const floats = mulberry32Float(42);
    for (let i = 0; i < 1000; i++) {
      const value = floats();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(value).toBe(ints() / 4294967296);
    }
  });
});
