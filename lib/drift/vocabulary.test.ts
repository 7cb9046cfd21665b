import { describe, expect, it } from "vitest";
import { outOfVocabularyRate, tokenCounts, topWords, topWordsDivergenceBits } from "./vocabulary";

describe("tokenCounts", () => {
  it("counts lower-cased words as the model's features do", () => {
    expect(Object.fromEntries(tokenCounts("Win a prize, WIN now"))).toEqual({ win: 2, a: 1, prize: 1, now: 1 });
  });
});

describe("outOfVocabularyRate", () => {
  it("is the share of word occurrences the pool never used", () => {
    // 4 occurrences in the batch; "zebra" (2) is unseen: 2/4.
    expect(outOfVocabularyRate(new Map([["zebra", 2], ["win", 1], ["now", 1]]), new Map([["win", 9], ["now", 1]]))).toBe(0.5);
  });

  it("has no value against an empty pool", () => {
    expect(outOfVocabularyRate(new Map([["a", 1]]), new Map())).toBeNull();
  });
});

describe("topWordsDivergenceBits", () => {
  it("keeps each side's most frequent words, ties by the word", () => {
    expect(topWords(new Map([["b", 2], ["a", 2], ["c", 5]]), 2)).toEqual(["c", "a"]);
  });

  it("compares over the union of the top words only", () => {
    // Top 1 of each: "a" and "x"; batch [a 3, x 0] against pool [a 0, x 4] over that union: 1 bit,
    // though both sides share the rarer "b".
    expect(topWordsDivergenceBits(new Map([["a", 3], ["b", 1]]), new Map([["x", 4], ["b", 1]]), 1)).toBe(1);
    expect(topWordsDivergenceBits(new Map([["a", 3]]), new Map([["a", 5]]), 1)).toBe(0);
  });
});
