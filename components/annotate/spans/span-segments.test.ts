import { describe, expect, it } from "vitest";
import { TextOffsets } from "@/lib/spans/offsets";
import { markLabel, segmentIndexAt16, textSegments } from "./span-segments";

describe("textSegments", () => {
  // "😀" is two UTF-16 units and one code point, so code point and UTF-16 offsets part after it.
  const offsets = new TextOffsets("😀 Ada met Bob in Oslo");

  it("cuts the text only at span boundaries and tells which spans cover each run", () => {
    const own = [{ start: 2, end: 5, label: "person" }];
    const suggested = [{ start: 17, end: 21, label: "place" }];
    const segments = textSegments(offsets, own, suggested);
    expect(segments.map((s) => [s.text, s.start, s.end, s.start16, s.end16, s.own.length, s.suggested.length])).toEqual([
      ["😀 ", 0, 2, 0, 3, 0, 0],
      ["Ada", 2, 5, 3, 6, 1, 0],
      [" met Bob in ", 5, 17, 6, 18, 0, 0],
      ["Oslo", 17, 21, 18, 22, 0, 1],
    ]);
    expect(markLabel(segments[1]!, offsets)).toBe("person: Ada");
    expect(markLabel(segments[3]!, offsets)).toBe("suggested place: Oslo");
  });

  it("splits overlapping spans into runs each covered by both where they share text", () => {
    const own = [
      { start: 6, end: 13, label: "a" },
      { start: 10, end: 16, label: "b" },
    ];
    const segments = textSegments(offsets, own, []);
    expect(segments.map((s) => [s.text, s.own.map((o) => o.label).join("+")])).toEqual([
      ["😀 Ada ", ""],
      ["met ", "a"],
      ["Bob", "a+b"],
      [" in", "b"],
      [" Oslo", ""],
    ]);
  });

  it("cuts after each line feed and numbers the paragraphs, whatever the spans", () => {
    const text = new TextOffsets("Ada\n\nmet Bob\nin Oslo");
    const segments = textSegments(text, [{ start: 9, end: 12, label: "person" }], []);
    expect(segments.map((s) => [s.text, s.paragraph])).toEqual([
      ["Ada\n", 0],
      ["\n", 1],
      ["met ", 2],
      ["Bob", 2],
      ["\n", 2],
      ["in Oslo", 3],
    ]);
  });

  it("cuts a long stretch without spans at a space after about 2,000 characters", () => {
    const long = new TextOffsets("word ".repeat(1000));
    const pieces = textSegments(long, [], []);
    expect(pieces.map((s) => s.text.length)).toEqual([2005, 2005, 990]);
    expect(pieces.every((s) => s.paragraph === 0)).toBe(true);
  });

  it("makes the pieces of a paragraph longer than 10,000 characters blocks of their own, and leaves shorter paragraphs whole", () => {
    // 2,400 words of 5 characters: 12,000 characters, cut after the space ending each 2,005.
    const text = new TextOffsets(`${"word ".repeat(2400)}\n${"word ".repeat(1000)}`);
    const segments = textSegments(text, [], []);
    expect(segments.map((s) => [s.text.length, s.paragraph])).toEqual([
      [2005, 0],
      [2005, 1],
      [2005, 2],
      [2005, 3],
      [2005, 4],
      [1976, 5],
      [2005, 6],
      [2005, 6],
      [990, 6],
    ]);
  });

  it("finds the run holding a UTF-16 offset", () => {
    const segments = textSegments(offsets, [{ start: 2, end: 5, label: "person" }], []);
    expect(segmentIndexAt16(segments, 0)).toBe(0);
    expect(segmentIndexAt16(segments, 3)).toBe(1);
    expect(segmentIndexAt16(segments, 6)).toBe(2);
    expect(segmentIndexAt16(segments, 22)).toBe(2);
  });
});
