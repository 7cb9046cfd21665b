import { describe, expect, it } from "vitest";

import { seededSortKey } from "@/lib/export/seeded-sort-key";

const ids = Array.from({ length: 10_000 }, (_, index) => `item-${index}`);

describe("seededSortKey", () => {
  it("is a whole number below 2^53 that depends only on the id and the seed", () => {
    const key = seededSortKey("item-1", 7);
    expect(Number.isSafeInteger(key)).toBe(true);
    expect(key).toBeGreaterThanOrEqual(0);
    expect(seededSortKey("item-1", 7)).toBe(key);
    expect(seededSortKey("item-1", 8)).not.toBe(key);
    expect(seededSortKey("item-2", 7)).not.toBe(key);
  });

  it("spreads sequential ids evenly, so a ranking by key is a fair shuffle", () => {
    const tenths = new Array<number>(10).fill(0);
    for (const id of ids) {
      const tenth = Math.floor((seededSortKey(id, 2024) / 2 ** 53) * 10);
      tenths[tenth] = (tenths[tenth] ?? 0) + 1;
    }
    // 1,000 expected per tenth; a binomial standard deviation is 30, so ±150 is five of them.
    for (const count of tenths) expect(Math.abs(count - 1000)).toBeLessThan(150);
    expect(new Set(ids.map((id) => seededSortKey(id, 2024))).size).toBe(ids.length);
  });

  it("orders the same ids differently under different seeds", () => {
    const rank = (seed: number) => [...ids].sort((a, b) => seededSortKey(a, seed) - seededSortKey(b, seed));
    const first = rank(1);
    const second = rank(2);
    const samePlace = first.filter((id, index) => second[index] === id).length;
    expect(samePlace).toBeLessThan(10);
  });
});
