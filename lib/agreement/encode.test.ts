import { describe, expect, it } from "vitest";
import { GoldsetError } from "@/lib/errors";
import { encodeRatings, orderCategories } from "./encode";
import type { Rating } from "./types";

describe("encodeRatings", () => {
  const rows: Rating[] = [
    { item: "i2", annotator: "bob", value: "spam" },
    { item: "i1", annotator: "ann", value: "ham" },
    { item: "i2", annotator: "ann", value: "ham" },
    { item: "i1", annotator: "bob", value: "ham" },
  ];

  it("groups ratings by item with dense ids", () => {
    const encoded = encodeRatings(rows);
    expect(encoded.items).toEqual(["i2", "i1"]);
    expect(encoded.annotators).toEqual(["bob", "ann"]);
    expect([...encoded.itemStart]).toEqual([0, 2, 4]);
    // Item i2: bob spam, ann ham; item i1: ann ham, bob ham (row order within an item is kept).
    expect([...encoded.annotatorOf]).toEqual([0, 1, 1, 0]);
    expect(encoded.categories).toEqual(["ham", "spam"]);
    expect([...encoded.categoryOf]).toEqual([1, 0, 0, 0]);
    expect(encoded.ordered).toBe(false);
    expect(encoded.scale).toBeNull();
  });

  it("orders numbers by value and uses them as the scale", () => {
    const encoded = encodeRatings([
      { item: "1", annotator: "a", value: 10 },
      { item: "1", annotator: "b", value: 2 },
    ]);
    expect(encoded.categories).toEqual([2, 10]);
    expect([...encoded.scale!]).toEqual([2, 10]);
    expect(encoded.ordered).toBe(true);
  });

  it("uses the caller's category order, with 1-based positions as the scale", () => {
    const encoded = encodeRatings(rows, { categories: ["spam", "ham", "unsure"] });
    expect(encoded.categories).toEqual(["spam", "ham", "unsure"]);
    expect([...encoded.categoryOf]).toEqual([0, 1, 1, 1]);
    expect([...encoded.scale!]).toEqual([1, 2, 3]);
  });

  it("adds categories for extra values nobody used", () => {
    expect(encodeRatings(rows, { extraValues: ["abstain"] }).categories).toEqual(["abstain", "ham", "spam"]);
  });

  it("rejects an annotator rating the same item twice, naming both", () => {
    const duplicated = [...rows, { item: "i1", annotator: "ann", value: "spam" }];
    expect(() => encodeRatings(duplicated)).toThrow(/"ann" rated item "i1" more than once/);
    expect(() => encodeRatings(duplicated)).toThrow(GoldsetError);
  });

  it("rejects a value outside the category list, naming the row", () => {
    expect(() => encodeRatings(rows, { categories: ["ham"] })).toThrow(/rows\[0\]\.value: "spam" is not in the category list/);
  });

  it("rejects a mix of numbers and strings", () => {
    expect(() => orderCategories([1, "1"])).toThrow(/mix numbers and strings/);
  });

  it("rejects values that are not labels", () => {
    const bad = [{ item: "1", annotator: "a", value: Number.NaN }];
    expect(() => encodeRatings(bad)).toThrow(/rows\[0\]\.value/);
    const missingItem = [{ item: undefined, annotator: "a", value: "x" }] as unknown as Rating[];
    expect(() => encodeRatings(missingItem)).toThrow(/rows\[0\]\.item/);
  });
});
