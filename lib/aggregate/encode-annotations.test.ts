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
});
