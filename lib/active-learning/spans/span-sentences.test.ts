import { describe, expect, it } from "vitest";
import { itemSentence, spanTags } from "./span-sentences";
import { FEATURES_PER_TOKEN } from "./token-features";

// Code points: 🙂0 _1 A2 n3 a4 _5 m6 e7 t8 _9 B10 o11 _12 S13 i14 l15 v16 a17 _18 i19 n20 _21 L22 i23 m24 a25 .26
// (the emoji is one code point and two UTF-16 units). Tokens: 🙂 Ana met Bo Silva in Lima .
const TEXT = "🙂 Ana met Bo Silva in Lima.";
const TYPES = ["person", "location"];
// Tags: 0 O, 1 B-person, 2 I-person, 3 B-location, 4 I-location.

describe("spanTags", () => {
  const { tokenized, features } = itemSentence(TEXT, 16);

  it("tags the word tokens the page snaps to, from code point spans", () => {
    expect(tokenized.tokens.map((token) => token.text)).toEqual(["🙂", "Ana", "met", "Bo", "Silva", "in", "Lima", "."]);
    expect(features).toHaveLength(8 * FEATURES_PER_TOKEN);
    const spans = [
      { start: 22, end: 26, label: "location" },
      { start: 10, end: 18, label: "person" },
      { start: 2, end: 5, label: "person" },
    ];
    expect(Array.from(spanTags(tokenized, spans, TYPES))).toEqual([0, 1, 0, 1, 2, 0, 3, 0]);
  });

  it("grows a character-level span to the tokens it touches, and leaves out item labels and overlapping spans", () => {
    const spans = [
      // "na" of Ana, drawn in character mode: B-person on Ana.
      { start: 3, end: 5, label: "person" },
      { start: 10, end: 18, label: "person" },
      // Overlaps "Silva", already tagged by the earlier span: left out, while Lima on its own is kept.
      { start: 13, end: 26, label: "location" },
      { start: 22, end: 26, label: "location" },
      { start: 6, end: 9, label: "urgent" },
    ];
    expect(Array.from(spanTags(tokenized, spans, TYPES))).toEqual([0, 1, 0, 1, 2, 0, 3, 0]);
  });

  it("prefers the longer of two spans starting at the same token", () => {
    expect(Array.from(spanTags(tokenized, [{ start: 10, end: 12, label: "person" }, { start: 10, end: 18, label: "location" }], TYPES))).toEqual([0, 0, 0, 3, 4, 0, 0, 0]);
  });
});
