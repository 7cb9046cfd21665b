import { describe, expect, it } from "vitest";
import { seededRandom, shuffleInPlace } from "@/lib/random";

describe("seededRandom", () => {
  it("repeats the same sequence for the same seed and a different one for another seed", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed).next);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("stays in [0, 1) and spreads evenly over ten bins", () => {
    const random = seededRandom(7);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random.next();
      if (value < 0 || value >= 1) outside++;
      else bins[Math.floor(value * 10)]! += 1;
    }
    expect(outside).toBe(0);
    // Expected 10,000 per bin with a standard deviation of about 95.
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it("shuffles into a permutation of the input", () => {
    const values = Uint32Array.from({ length: 100 }, (_, i) => i);
    shuffleInPlace(values, seededRandom(1));
    expect(Array.from(values).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(values)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
