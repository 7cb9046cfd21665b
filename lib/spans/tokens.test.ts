import { describe, expect, it } from "vitest";
import { TokenizedText } from "./tokens";

describe("TokenizedText", () => {
  it("makes words and punctuation tokens, never whitespace", () => {
    const tokenized = new TokenizedText("Meet me at Redondo Beach Blvd, ok?", "en");
    expect(tokenized.tokens.map((token) => token.text)).toEqual(["Meet", "me", "at", "Redondo", "Beach", "Blvd", ",", "ok", "?"]);
    expect(tokenized.tokens.filter((token) => !token.wordLike).map((token) => token.text)).toEqual([",", "?"]);
    const blvd = tokenized.tokens[5]!;
    expect([blvd.start, blvd.end, blvd.start16, blvd.end16]).toEqual([25, 29, 25, 29]);
  });

  it("gives code point and UTF-16 offsets that differ after an emoji", () => {
    // "🍕 Luigi's": the pizza emoji is 1 code point and 2 UTF-16 units.
    const tokenized = new TokenizedText("🍕 at Luigi's", "en");
    const luigis = tokenized.tokens.find((token) => token.text === "Luigi's")!;
    expect([luigis.start, luigis.end]).toEqual([5, 12]);
    expect([luigis.start16, luigis.end16]).toEqual([6, 13]);
    expect(tokenized.tokens[0]).toMatchObject({ text: "🍕", start: 0, end: 1, wordLike: false });
  });

  it("segments CJK text without spaces into words", () => {
    const tokenized = new TokenizedText("東京タワーへ行く", "ja");
    expect(tokenized.tokens.length).toBeGreaterThan(1);
    expect(tokenized.tokens.map((token) => token.text).join("")).toBe("東京タワーへ行く");
  });

  it("snaps a selection to the whole tokens it touches", () => {
    const text = "Meet me at Redondo Beach Blvd, ok?";
    const tokenized = new TokenizedText(text, "en");
    // "ondo Be" (14..21) touches Redondo (11..18) and Beach (19..24).
    expect(tokenized.snapSelection(14, 21)).toEqual({ start: 11, end: 24 });
    // A selection drawn right to left is the same selection.
    expect(tokenized.snapSelection(21, 14)).toEqual({ start: 11, end: 24 });
    // " Blvd," (24..30): the leading space belongs to no token, so the span starts at Blvd.
    expect(tokenized.snapSelection(24, 30)).toEqual({ start: 25, end: 30 });
    expect(tokenized.snapSelection(24, 29)).toEqual({ start: 25, end: 29 });
  });

  it("gives null for a selection of whitespace only or of nothing", () => {
    const tokenized = new TokenizedText("Redondo   Beach", "en");
    expect(tokenized.snapSelection(7, 10)).toBeNull();
    expect(tokenized.snapSelection(8, 9)).toBeNull();
    expect(tokenized.snapSelection(3, 3)).toBeNull();
    expect(tokenized.snapSelection(8, 9, "character")).toBeNull();
  });

  it("keeps the selection as drawn in character mode", () => {
    const tokenized = new TokenizedText("Redondo Beach", "en");
    expect(tokenized.snapSelection(2, 5, "character")).toEqual({ start: 2, end: 5 });
    expect(tokenized.snapSelection(2, 5, "token")).toEqual({ start: 0, end: 7 });
  });

  it("finds the token at an offset by binary search", () => {
    const tokenized = new TokenizedText("a bb ccc", "en");
    expect(tokenized.tokenAt(0)?.text).toBe("a");
    expect(tokenized.tokenAt(1)).toBeNull();
    expect(tokenized.tokenAt(3)?.text).toBe("bb");
    expect(tokenized.tokenAt(7)?.text).toBe("ccc");
    expect(tokenized.tokenAt(8)).toBeNull();
    expect(tokenized.tokensIn(1, 6).map((token) => token.text)).toEqual(["bb", "ccc"]);
  });

  it("gives the same tokens for a long text, segmented in pieces, as one segmenter pass", () => {
    const sentence = "Stuck on Redondo Beach Blvd 🚗, then 東京 e\u0301te\u0301! @friend\n\n";
    const text = sentence.repeat(200);
    const whole = Array.from(new Intl.Segmenter("en", { granularity: "word" }).segment(text))
      .filter((segment) => segment.segment.trim() !== "")
      .map((segment) => [segment.index, segment.segment]);
    const tokenized = new TokenizedText(text, "en");
    expect(tokenized.tokens.map((token) => [token.start16, token.text])).toEqual(whole);
  });

  it("refuses a selection outside the text", () => {
    expect(() => new TokenizedText("abc").snapSelection(0, 4)).toThrow(/outside the text \(0\.\.3\)/);
  });
});
