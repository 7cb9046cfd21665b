import { describe, expect, it } from "vitest";
import { rankQueue, rareClasses } from "./ranking";

/** Item i has uncertainty (n - i) / n: item 0 is the most uncertain. */
const descending = (n: number) => Float32Array.from({ length: n }, (_, i) => (n - i) / n);

describe("rankQueue", () => {
  it("orders by uncertainty when exploration is off, recording why", () => {
    const queue = rankQueue(Float32Array.of(0.1, 0.9, 0.5), { strategy: "margin", seed: 1, explorationShare: 0 });
    expect(Array.from(queue.order)).toEqual([1, 2, 0]);
    expect(queue.entryAt(0)).toEqual({
      index: 1,
      score: expect.closeTo(0.9, 6),
      uncertainty: expect.closeTo(0.9, 6),
      strategy: "margin",
      exploration: false,
      boosts: { rareClass: 0, extra: 0 },
    });
  });

  it("gives exactly one exploration slot in every block of ten positions at the default 10% share", () => {
    const queue = rankQueue(descending(1000), { strategy: "entropy", seed: 5 });
    expect(queue.exploration.reduce((sum, flag) => sum + flag, 0)).toBe(100);
    for (let block = 0; block < 100; block++) {
      const flags = queue.exploration.subarray(block * 10, block * 10 + 10);
      expect(flags.reduce((sum, flag) => sum + flag, 0)).toBe(1);
    }
  });

  it("places every item exactly once and keeps the score order among the non-exploration slots", () => {
    const queue = rankQueue(descending(1000), { strategy: "entropy", seed: 5 });
    expect(new Set(queue.order).size).toBe(1000);
    const exploited = Array.from(queue.order).filter((_, position) => !queue.exploration[position]);
    expect(exploited).toEqual([...exploited].sort((a, b) => a - b));
  });

  it("flags exploration entries and draws them from the whole queue, not its head", () => {
    const queue = rankQueue(descending(1000), { strategy: "margin", seed: 9, explorationShare: 0.2 });
    const explored = queue.slice(0, 1000).filter((entry) => entry.exploration);
    expect(explored.length).toBe(200);
    // Uniform draws over 1000 items: on average 500, far from the head's 0..199.
    const meanIndex = explored.reduce((sum, entry) => sum + entry.index, 0) / explored.length;
    expect(meanIndex).toBeGreaterThan(350);
  });

  it("is reproducible from the seed and differs across seeds", () => {
    const a = rankQueue(descending(100), { strategy: "margin", seed: 1 });
    const b = rankQueue(descending(100), { strategy: "margin", seed: 1 });
    const c = rankQueue(descending(100), { strategy: "margin", seed: 2 });
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
    expect(Array.from(a.order)).not.toEqual(Array.from(c.order));
  });

  it("adds the rare-class boost to items predicted as a rare class", () => {
    // Item 2 is the least uncertain but predicted as rare class 1: 0.2 + 0.5 puts it first.
    const queue = rankQueue(Float32Array.of(0.6, 0.4, 0.2), {
      strategy: "margin",
      seed: 1,
      explorationShare: 0,
      rareClassBoost: { predicted: [0, 0, 1], classes: [1], boost: 0.5 },
    });
    expect(Array.from(queue.order)).toEqual([2, 0, 1]);
    expect(queue.entryAt(0).boosts).toEqual({ rareClass: 0.5, extra: 0 });
    expect(queue.entryAt(0).score).toBeCloseTo(0.7, 6);
    expect(queue.entryAt(0).uncertainty).toBeCloseTo(0.2, 6);
  });

  it("adds the extra boost hook per item and records it", () => {
    const queue = rankQueue(Float32Array.of(0.6, 0.4, 0.2), {
      strategy: "margin",
      seed: 1,
      explorationShare: 0,
      extraBoost: (item) => (item === 1 ? 0.3 : 0),
    });
    expect(Array.from(queue.order)).toEqual([1, 0, 2]);
    expect(queue.entryAt(0).boosts.extra).toBeCloseTo(0.3, 6);
  });

  it("leaves out skipped items and never calls the hook for them", () => {
    const asked: number[] = [];
    const queue = rankQueue(Float32Array.of(0.9, 0.8, 0.7), {
      strategy: "margin",
      seed: 1,
      explorationShare: 0,
      skip: Uint8Array.of(1, 0, 0),
      extraBoost: (item) => {
        asked.push(item);
        return 0;
      },
    });
    expect(Array.from(queue.order)).toEqual([1, 2]);
    expect(asked).toEqual([1, 2]);
  });

  it("rejects an exploration share outside [0, 1]", () => {
    expect(() => rankQueue(descending(3), { strategy: "margin", seed: 1, explorationShare: 1.5 })).toThrow(/explorationShare/);
  });
});

describe("rareClasses", () => {
  it("marks classes below half an even share: counts [80, 15, 5] with k = 3 -> below 1/6", () => {
    expect(rareClasses([80, 15, 5])).toEqual([1, 2]);
    expect(rareClasses([80, 15, 5], 0.1)).toEqual([2]);
  });

  it("marks nothing before the first label", () => {
    expect(rareClasses([0, 0])).toEqual([]);
  });
});
