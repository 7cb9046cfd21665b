import { describe, expect, it } from "vitest";
import { bioTagNames, spanTokenTags } from "@/lib/export/span-token-tags";
import { CONLL_METADATA_KEY } from "@/lib/import/spans-conll";

const pairs = (result: ReturnType<typeof spanTokenTags>) => result.tokens.map((token, index) => [token, result.tags[index]]);

describe("spanTokenTags", () => {
  it("tags word tokens of a text with an emoji by code point offsets", () => {
    // Code points: A0 n1 a2 _3 🙂4 _5 m6 e7 t8 _9 B10 o11 _12 i13 n14 _15 L16 i17 m18 a19.
    const result = spanTokenTags({
      text: "Ana 🙂 met Bo in Lima",
      spans: [
        { start: 16, end: 20, label: "location" },
        { start: 0, end: 3, label: "person" },
        { start: 10, end: 12, label: "person" },
      ],
    });
    expect(pairs(result)).toEqual([
      ["Ana", "B-person"],
      ["🙂", "O"],
      ["met", "O"],
      ["Bo", "B-person"],
      ["in", "O"],
      ["Lima", "B-location"],
    ]);
    expect(result.offsets).toEqual([[0, 3], [4, 5], [6, 9], [10, 12], [13, 15], [16, 20]]);
    expect(result.untagged).toEqual([]);
  });

  it("keeps a combining accent inside its token and counts it as a code point", () => {
    // "Jose" + U+0301: J0 o1 s2 e3 ◌́4, then _5 vive 6-10 _10 en 11-13 _13 Sevilla 14-21.
    const result = spanTokenTags({
      text: "Jose\u0301 vive en Sevilla",
      spans: [
        { start: 0, end: 5, label: "person" },
        { start: 14, end: 21, label: "location" },
      ],
    });
    expect(pairs(result)).toEqual([
      ["Jose\u0301", "B-person"],
      ["vive", "O"],
      ["en", "O"],
      ["Sevilla", "B-location"],
    ]);
  });

  it("gives adjacent entities of one type B and B, and runs an entity at the end to the last token", () => {
    const result = spanTokenTags({
      text: "Bo Ana flew to New York",
      spans: [
        { start: 0, end: 2, label: "person" },
        { start: 3, end: 6, label: "person" },
        { start: 15, end: 23, label: "location" },
      ],
    });
    expect(result.tags).toEqual(["B-person", "B-person", "O", "O", "B-location", "I-location"]);
  });

  it("cuts a token where a character-level span starts or ends inside it", () => {
    // "Berlinbased" is one word token; spans Berlin 0-6 and a touching "bas" 6-9 of another type.
    const result = spanTokenTags({
      text: "Berlinbased firm",
      spans: [
        { start: 0, end: 6, label: "location" },
        { start: 6, end: 9, label: "misc" },
      ],
    });
    expect(pairs(result)).toEqual([
      ["Berlin", "B-location"],
      ["bas", "B-misc"],
      ["ed", "O"],
      ["firm", "O"],
    ]);
  });

  it("leaves whitespace out of a token that a combining mark after a space made", () => {
    // Intl.Segmenter attaches U+0301 to the space before it (UAX #29 WB4): " \u0301" is one segment.
    const result = spanTokenTags({ text: "a \u0301b", spans: [] });
    expect(result.offsets).toEqual([[0, 1], [2, 3], [3, 4]]);
    expect(result.tokens).toEqual(["a", "\u0301", "b"]);
  });

  it("tags the earlier, longer span where spans overlap and returns the other, and a whitespace-only span, as untagged", () => {
    const result = spanTokenTags({
      text: "New York  City",
      spans: [
        { start: 4, end: 14, label: "location" },
        { start: 0, end: 8, label: "location" },
        { start: 8, end: 10, label: "misc" },
      ],
    });
    expect(result.tags).toEqual(["B-location", "I-location", "O"]);
    expect(result.untagged).toEqual([
      { start: 4, end: 14, label: "location" },
      { start: 8, end: 10, label: "misc" },
    ]);
  });

  it("uses the CoNLL tokens an import recorded, so a hashtag stays one token", () => {
    const text = "#wnut is fun";
    expect(spanTokenTags({ text, spans: [] }).tokens).toEqual(["#", "wnut", "is", "fun"]);
    const recorded = spanTokenTags({ text, spans: [{ start: 0, end: 5, label: "misc" }], metadata: { [CONLL_METADATA_KEY]: { tokens: [[0, 5], [6, 8], [9, 12]], separator: "\t" } } });
    expect(pairs(recorded)).toEqual([
      ["#wnut", "B-misc"],
      ["is", "O"],
      ["fun", "O"],
    ]);
  });

  it("ignores recorded tokens that do not fit the text", () => {
    const text = "#wnut is fun";
    for (const bad of [[[0, 6], [6, 8]], [[6, 8], [0, 5]], [[0, 5], [9, 13]], [[0, 1.5]], "0-5", [[0, 5, 1]]]) {
      expect(spanTokenTags({ text, spans: [], metadata: { [CONLL_METADATA_KEY]: { tokens: bad, separator: "\t" } } }).tokens).toEqual(["#", "wnut", "is", "fun"]);
    }
  });
});

describe("bioTagNames", () => {
  it("puts O first, then B- and I- per entity type in label order", () => {
    expect(bioTagNames(["person", "location"])).toEqual(["O", "B-person", "I-person", "B-location", "I-location"]);
  });
});
