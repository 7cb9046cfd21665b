import { describe, expect, it } from "vitest";
import { embedInLengthSortedBatches, lengthSortedBatches } from "./length-sorted-batches";

describe("lengthSortedBatches", () => {
  it("groups the longest texts first, keeping arrival order among equal lengths", () => {
    expect(lengthSortedBatches(["aa", "a", "aaaa", "bb", "aaa"], 2)).toEqual([[2, 4], [0, 3], [1]]);
  });

  it("refuses a batch size below one", () => {
    expect(() => lengthSortedBatches(["a"], 0)).toThrow(RangeError);
  });
});

describe("embedInLengthSortedBatches", () => {
  // A fake encoder whose vector for a text is [length, first char code].
  const fakeEncoder = async (batch: string[]): Promise<Float32Array> =>
    Float32Array.from(batch.flatMap((text) => [text.length, text.charCodeAt(0)]));

  it("returns rows in the caller's order whatever the batching", async () => {
    const texts = ["bb", "a", "dddd", "ccc"];
    const vectors = await embedInLengthSortedBatches(texts, 3, 2, fakeEncoder);
    expect(Array.from(vectors)).toEqual([2, 98, 1, 97, 4, 100, 3, 99]);
  });

  it("sends each batch texts of similar length", async () => {
    const seen: string[][] = [];
    await embedInLengthSortedBatches(["x", "xxxxx", "xx", "xxxx"], 2, 2, async (batch) => {
      seen.push(batch);
      return fakeEncoder(batch);
    });
    expect(seen).toEqual([["xxxxx", "xxxx"], ["xx", "x"]]);
  });

  it("returns an empty buffer for no texts without calling the encoder", async () => {
    let calls = 0;
    const vectors = await embedInLengthSortedBatches([], 8, 384, async (batch) => {
      calls += 1;
      return fakeEncoder(batch);
    });
    expect(vectors.length).toBe(0);
    expect(calls).toBe(0);
  });

  it("fails when the encoder returns the wrong number of values", async () => {
    await expect(embedInLengthSortedBatches(["a", "b"], 2, 3, fakeEncoder)).rejects.toThrow(/expected 2 × 3/);
  });
});
