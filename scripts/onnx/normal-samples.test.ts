import { describe, expect, it } from "vitest";
import { mulberry32Float } from "@/lib/random";
import { fillNormal } from "./normal-samples";

describe("fillNormal", () => {
  it("draws N(0, std²) samples, odd lengths included", () => {
    const samples = new Float32Array(100_001);
    fillNormal(samples, 0.02, mulberry32Float(1));
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.0005);
    expect(Math.sqrt(variance)).toBeCloseTo(0.02, 3);
    expect(samples[100_000]).not.toBe(0);
  });

  it("gives the same samples for the same generator seed and others for another", () => {
    const draw = (seed: number) => {
      const samples = new Float32Array(9);
      fillNormal(samples, 1, mulberry32Float(seed));
      return Array.from(samples);
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});
