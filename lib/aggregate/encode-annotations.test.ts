import { describe, expect, it } from "vitest";
import { AnnotationEncoder, encodeAnnotations } from "@/lib/aggregate/encode-annotations";

describe("encodeAnnotations", () => {
  const rows = [
    { item: "q2", annotator: "zoe", label: "10" },
    { item: "q1", annotator: "amy", label: "2" },
    { item: "q2", annotator: "amy", label: "9" },
  ];

  it("keeps items in first-appearance order and sorts annotators and classes, numbers numerically", () => {
    const encoded = encodeAnnotations(rows);
    expect(encoded.items).toEqual(["q2", "q1"]);
    expect(encoded.annotators).toEqual(["amy", "zoe"]);
    expect(encoded.classes).toEqual(["2", "9", "10"]);
    expect([...encoded.itemIndex]).toEqual([0, 1, 0]);
    expect([...encoded.annotatorIndex]).toEqual([1, 0, 0]);
    expect([...encoded.classIndex]).toEqual([2, 0, 1]);
  });

  it("uses the caller's class order when given", () => {
    const encoded = encodeAnnotations(rows, { classes: ["10", "9", "2", "unused"] });
    expect(encoded.classes).toEqual(["10", "9", "2", "unused"]);
    expect([...encoded.classIndex]).toEqual([0, 2, 1]);
  });
});

describe("AnnotationEncoder", () => {
  it("encodes rows added one by one, past its first capacity, exactly as encodeAnnotations does", () => {
    const rows = Array.from({ length: 50 }, (_, n) => ({ item: `i${n % 7}`, annotator: `a${n % 3}`, label: ["x", "y", "z"][n % 3]! }));
    const encoder = new AnnotationEncoder({}, 1);
    rows.forEach((row) => encoder.add(row.item, row.annotator, row.label));
    expect(encoder.finish()).toEqual(encodeAnnotations(rows));
  });

  it("encodes the same after closeItems between ranges that share no item, and forgets only the ids", () => {
    const rows = Array.from({ length: 60 }, (_, n) => ({ item: `i${Math.floor(n / 3)}`, annotator: `a${n % 4}`, label: ["x", "y"][n % 2]! }));
    const encoder = new AnnotationEncoder({ classes: ["x", "y"] }, 4);
    rows.forEach((row, n) => {
      encoder.add(row.item, row.annotator, row.label);
      // Ranges of five items (fifteen rows): no item spans two ranges.
      if (n % 15 === 14) encoder.closeItems();
    });
    expect(encoder.finish()).toEqual(encodeAnnotations(rows, { classes: ["x", "y"] }));

    const again = new AnnotationEncoder({}, 4);
    again.add("i1", "a0", "x");
    again.closeItems();
    again.add("i1", "a1", "x");
    const encoded = again.finish();
    expect(encoded.items).toEqual(["i1", "i1"]);
    expect([...encoded.itemIndex]).toEqual([0, 1]);
  });
});
