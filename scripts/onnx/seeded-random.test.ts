import { describe, expect, it } from "vitest";
import { createSeededRandom, fillNormal } from "./seeded-random";

describe("createSeededRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
  });

  it("gives a different sequence for another seed", () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(43);
    expect(Array.from({ length: 5 }, () => a())).not.toEqual(Array.from({ length: 5 }, () => b()));
  });

  it("stays in [0, 1) with a uniform mean", () => {
    const uniform = createSeededRandom(7);
    const values = Array.from({ length: 100_000 }, () => uniform());
    expect(values.filter((value) => value < 0 || value >= 1)).toEqual([]);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 2);
  });
});

describe("fillNormal", () => {
  it("draws N(0, std²) samples, odd lengths included", () => {
    const samples = new Float32Array(100_001);
    fillNormal(samples, 0.02, createSeededRandom(1));
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.0005);
    expect(Math.sqrt(variance)).toBeCloseTo(0.02, 3);
    expect(samples[100_000]).not.toBe(0);
  });
});
