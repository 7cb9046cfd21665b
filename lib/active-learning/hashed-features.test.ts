import { describe, expect, it } from "vitest";
import { countTerms, hashedFeatureDimension, hashedFeatures } from "./hashed-features";
import { murmurHash3 } from "./murmur-hash";
import { sparseSquaredNorm } from "./sparse-vector";

describe("countTerms", () => {
  it("counts word unigrams and bigrams of a hand-worked sentence", () => {
    const terms = countTerms("To be, or not to be", { maxCharNgram: 0 });
    expect(Object.fromEntries(terms)).toEqual({
      "w:to": 2,
      "w:be": 2,
      "w:or": 1,
      "w:not": 1,
      "w:to be": 2,
      "w:be or": 1,
      "w:or not": 1,
      "w:not to": 1,
    });
  });

  it("counts character n-grams inside space-padded chunks, punctuation included", () => {
    // Chunk "hi!" padded to " hi! ": 2-grams " h","hi","i!","! "; 3-grams " hi","hi!","i! "; 4-grams " hi!","hi! ".
    const terms = countTerms("Hi!", { maxWordNgram: 0, minCharNgram: 2, maxCharNgram: 4 });
    expect(Object.fromEntries(terms)).toEqual({
      "c: h": 1,
      "c:hi": 1,
      "c:i!": 1,
      "c:! ": 1,
      "c: hi": 1,
      "c:hi!": 1,
      "c:i! ": 1,
      "c: hi!": 1,
      "c:hi! ": 1,
    });
  });

  it("repeats character n-grams once per occurrence and treats an emoji as one character", () => {
    const terms = countTerms("ab ab 😀", { maxWordNgram: 0, minCharNgram: 2, maxCharNgram: 2 });
    expect(terms.get("c: a")).toBe(2);
    expect(terms.get("c:ab")).toBe(2);
    expect(terms.get("c:b ")).toBe(2);
    expect(terms.get("c: 😀")).toBe(1);
    expect(terms.get("c:😀 ")).toBe(1);
  });
});

describe("hashedFeatures", () => {
  it("gives the same vector for the same text and ignores case", () => {
    const a = hashedFeatures("Win a FREE prize now!!");
    const b = hashedFeatures("win a free prize NOW!!");
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it("returns sorted indices within 2^bits and unit L2 norm", () => {
    const vector = hashedFeatures("Ok lar... Joking wif u oni...", { bits: 12 });
    for (let e = 1; e < vector.indices.length; e++) expect(vector.indices[e]).toBeGreaterThan(vector.indices[e - 1] as number);
    expect(Math.max(...vector.indices)).toBeLessThan(2 ** 12);
    expect(sparseSquaredNorm(vector)).toBeCloseTo(1, 6);
  });

  it("puts a single term in bucket hash & mask with the sign of the hash's top bit", () => {
    const vector = hashedFeatures("spam", { maxWordNgram: 1, maxCharNgram: 0 });
    const hash = murmurHash3("w:spam");
    expect(Array.from(vector.indices)).toEqual([hash & (2 ** 18 - 1)]);
    expect(vector.values[0]).toBe(hash >>> 31 ? -1 : 1);
  });

  it("weighs a term seen twice 1 + ln 2 against 1 for a term seen once (sublinear tf)", () => {
    const options = { maxWordNgram: 1, maxCharNgram: 0 };
    const vector = hashedFeatures("alpha alpha beta", options);
    const bucketOf = (term: string) => murmurHash3(term) & (hashedFeatureDimension(options) - 1);
    const valueOf = (term: string) => {
      const at = Array.from(vector.indices).indexOf(bucketOf(term));
      return Math.abs(vector.values[at] as number);
    };
    expect(bucketOf("w:alpha")).not.toBe(bucketOf("w:beta"));
    expect(valueOf("w:alpha") / valueOf("w:beta")).toBeCloseTo(1 + Math.log(2), 5);
  });

  it("gives the word block and the character block equal weight before the final normalisation", () => {
    // Without collisions, each block contributes half of the squared norm.
    const text = "meeting tomorrow";
    const words = hashedFeatures(text, { minCharNgram: 2, maxCharNgram: 0 });
    const both = hashedFeatures(text);
    const wordBuckets = new Set(words.indices);
    let wordShare = 0;
    both.indices.forEach((bucket, e) => {
      if (wordBuckets.has(bucket)) wordShare += (both.values[e] as number) ** 2;
    });
    expect(wordShare).toBeCloseTo(0.5, 2);
  });

  it("gives the empty vector for text without characters", () => {
    expect(hashedFeatures("   ").indices.length).toBe(0);
  });

  it("rejects an empty character n-gram range with a message that says what to use", () => {
    expect(() => hashedFeatures("x", { minCharNgram: 5, maxCharNgram: 3 })).toThrow(/maxCharNgram 0/);
  });
});
