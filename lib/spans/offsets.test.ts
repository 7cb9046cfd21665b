import { describe, expect, it } from "vitest";
import { codePointLength, codePointToUtf16, SpanOffsetError, TextOffsets, utf16ToCodePoint } from "./offsets";

describe("span offsets (code points, end exclusive)", () => {
  it("counts an emoji outside the BMP as one code point and two UTF-16 units", () => {
    const text = "I ❤️ 🍕 pizza";
    // I, space, ❤ (U+2764), VS16 (U+FE0F), space, 🍕 (U+1F355, a surrogate pair), space, p i z z a
    expect(codePointLength(text)).toBe(12);
    expect(text.length).toBe(13);
    expect(utf16ToCodePoint(text, 8)).toBe(7); // the "p" after the pizza emoji
    expect(codePointToUtf16(text, 7)).toBe(8);
    const offsets = new TextOffsets(text);
    expect(offsets.slice(5, 6)).toBe("🍕");
    expect(offsets.slice(7, 12)).toBe("pizza");
  });

  it("counts each code point of a ZWJ family and of combining characters", () => {
    // 👩‍👩‍👧 is woman, ZWJ, woman, ZWJ, girl: 5 code points, 8 UTF-16 units.
    const family = "👩‍👩‍👧";
    expect(codePointLength(family)).toBe(5);
    expect(family.length).toBe(8);
    // "é" written as e + U+0301: 2 code points, like Python's len("e\u0301") == 2.
    const text = `Cafe\u0301 ${family}!`;
    const offsets = new TextOffsets(text);
    expect(offsets.codePointCount).toBe(5 + 1 + 5 + 1);
    expect(offsets.slice(0, 5)).toBe("Cafe\u0301");
    expect(offsets.slice(6, 11)).toBe(family);
    expect(offsets.slice(11, 12)).toBe("!");
  });

  it("maps CJK text one to one (BMP characters are one unit each)", () => {
    const text = "東京タワーへ行く";
    const offsets = new TextOffsets(text);
    for (let index = 0; index <= text.length; index++) expect(offsets.codePointOf(index)).toBe(index);
    expect(offsets.slice(0, 2)).toBe("東京");
  });

  it("round-trips every boundary exactly, in both directions", () => {
    const text = "a😀b👩‍👩‍👧c\u0301d𠀋e東";
    const offsets = new TextOffsets(text);
    for (let codePoint = 0; codePoint <= offsets.codePointCount; codePoint++) {
      expect(offsets.codePointOf(offsets.utf16Of(codePoint))).toBe(codePoint);
    }
    for (let index = 0; index <= text.length; index++) {
      if (offsets.isBoundary(index)) expect(offsets.utf16Of(offsets.codePointOf(index))).toBe(index);
    }
    // Python agrees: [ord(c) for c in s] has 14 entries for this string.
    expect(offsets.codePointCount).toBe(14);
    expect(Array.from(text)).toHaveLength(14);
  });

  it("refuses a UTF-16 index inside a surrogate pair, naming the index", () => {
    const text = "x😀y";
    expect(() => utf16ToCodePoint(text, 2)).toThrow(SpanOffsetError);
    expect(() => utf16ToCodePoint(text, 2)).toThrow(/UTF-16 index 2 falls inside a surrogate pair/);
    expect(utf16ToCodePoint(text, 1)).toBe(1);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
  });

  it("refuses offsets outside the text", () => {
    const offsets = new TextOffsets("ab😀");
    expect(() => offsets.codePointOf(5)).toThrow(/outside the text \(0\.\.4\)/);
    expect(() => offsets.utf16Of(4)).toThrow(/code point offset 4 is outside the text \(0\.\.3\)/);
    expect(() => offsets.utf16Of(-1)).toThrow(SpanOffsetError);
    expect(() => offsets.utf16Of(1.5)).toThrow(SpanOffsetError);
  });
});
