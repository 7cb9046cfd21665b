import { describe, expect, it } from "vitest";
import { conllTags, parseConll, writeConll } from "./conll";

const SAMPLE = [
  "-DOCSTART-\tO",
  "",
  "You\tO",
  "stayed\tO",
  "on\tO",
  "Redondo\tB-location",
  "Beach\tI-location",
  "Blvd\tI-location",
  "\tO",
].join("\n");

describe("parseConll", () => {
  it("records the whitespace-only line that ends each sentence, so a file with tab-only separator lines is written back as it was", () => {
    // WNUT 2017's train file ends most sentences with a line holding one tab, the others with an empty line.
    const file = "Ana\tB-person\n\t\nBo\tO\n\nLima\tB-location\n";
    const parsed = parseConll(file, { entityTypes: ["location", "person"] });
    expect(parsed.sentences.map((s) => s.blank)).toEqual(["\t", "", null]);
    expect(writeConll(parsed.sentences, { separator: parsed.separator })).toBe(file);
  });

  it("joins a sentence's tokens with one space and keeps their offsets and entities", () => {
    const file = "You\tO\nstayed\tO\non\tO\nRedondo\tB-location\nBeach\tI-location\n.\tO\n\nJohn\tB-person\nMary\tB-person\n\n";
    const parsed = parseConll(file, { entityTypes: ["location", "person"] });
    expect(parsed.problems).toEqual([]);
    expect(parsed.separator).toBe("\t");
    expect(parsed.sentences).toEqual([
      {
        line: 1,
        // Y o u _ s t a y e d _ o n _ R e d o n d o _ B e a c h _ .
        // 0     4           11   14            22          28
        text: "You stayed on Redondo Beach .",
        tokens: [
          [0, 3],
          [4, 10],
          [11, 13],
          [14, 21],
          [22, 27],
          [28, 29],
        ],
        spans: [{ start: 14, end: 27, label: "location" }],
        blank: "",
      },
      {
        line: 8,
        text: "John Mary",
        tokens: [
          [0, 4],
          [5, 9],
        ],
        // Two B- tags in a row are two entities.
        spans: [
          { start: 0, end: 4, label: "person" },
          { start: 5, end: 9, label: "person" },
        ],
        blank: "",
      },
    ]);
  });

  it("counts code points, so an emoji token is one character wide", () => {
    const parsed = parseConll("😂 O\nParis B-location\n");
    expect(parsed.separator).toBe(" ");
    expect(parsed.sentences[0]!.text).toBe("😂 Paris");
    expect(parsed.sentences[0]!.tokens).toEqual([
      [0, 1],
      [2, 7],
    ]);
    expect(parsed.sentences[0]!.spans).toEqual([{ start: 2, end: 7, label: "location" }]);
  });

  it("skips -DOCSTART- lines and reads blank lines, CRLF and trailing lines without a newline", () => {
    const parsed = parseConll("-DOCSTART- -X- O O\r\n\r\nA\tB-x\r\nb\tO\r\n\r\n\r\nC\tO");
    expect(parsed.problems).toEqual([]);
    expect(parsed.sentences.map((s) => [s.line, s.text])).toEqual([
      [3, "A b"],
      [7, "C"],
    ]);
  });

  it("refuses an I- tag that opens an entity or follows another type, naming the line", () => {
    const parsed = parseConll("x\tI-person\n\na\tO\nb\tI-person\n\nc\tB-location\nd\tI-person\n", { entityTypes: ["person", "location"] });
    expect(parsed.problems).toEqual([
      { line: 1, field: "tag", message: 'line 1: tag "I-person" continues an entity that was never opened; the entity\'s first token needs B-person' },
      { line: 4, field: "tag", message: 'line 4: tag "I-person" continues an entity that was never opened; the entity\'s first token needs B-person' },
      { line: 7, field: "tag", message: 'line 7: tag "I-person" follows "B-location"; a new entity of type "person" starts with B-person' },
    ]);
  });

  it("refuses types the project does not have, tags that are not BIO, lines without a tag and empty tokens", () => {
    const parsed = parseConll(SAMPLE + "\nx\tS-person\nlonely\n", { entityTypes: ["person"] });
    expect(parsed.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [6, "tag", 'line 6: tag "B-location": "location" is not an entity type of this project (types: person)'],
      // The I- tags after a refused B- tag continue it and are not reported again.
      [9, "token", "line 9: the token is empty"],
      [10, "tag", 'line 10: tag "S-person" is not O, B-<type> or I-<type>'],
      [11, "tag", 'line 11: "lonely" has no tag; write the token, a tab or space, then its tag'],
    ]);
  });

  it("reads the last of several columns as the tag and warns once that the others are dropped", () => {
    const parsed = parseConll("EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n");
    expect(parsed.problems).toEqual([]);
    expect(parsed.sentences[0]!.spans).toEqual([{ start: 0, end: 2, label: "ORG" }]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]!.line).toBe(1);
  });

  it("says an empty file holds no tokens", () => {
    expect(parseConll("\n\n-DOCSTART- O\n").problems).toEqual([{ line: 0, message: "the file holds no tokens" }]);
  });
});

describe("conllTags", () => {
  const tokens = [
    [0, 3],
    [4, 9],
    [10, 15],
    [16, 18],
  ] as const;

  it("tags aligned spans B- then I-, and everything else O", () => {
    expect(conllTags(tokens, [{ start: 4, end: 15, label: "person" }])).toEqual({ tags: ["O", "B-person", "I-person", "O"], inexact: [] });
  });

  it("tags the tokens a span cut inside a token touches, and reports the span and overlapping spans as inexact", () => {
    const cut = { start: 5, end: 12, label: "person" };
    const overlapping = { start: 10, end: 18, label: "location" };
    expect(conllTags(tokens, [overlapping, cut])).toEqual({ tags: ["O", "B-person", "I-person", "O"], inexact: [cut, overlapping] });
  });
});

describe("writeConll", () => {
  it("writes token<TAB>tag lines with a blank line after every sentence", () => {
    const text = writeConll([
      { text: "I ❤️ Paris", tokens: [[0, 1], [2, 4], [5, 10]], spans: [{ start: 5, end: 10, label: "location" }] },
      { text: "ok", tokens: [[0, 2]], spans: [] },
    ]);
    expect(text).toBe("I\tO\n❤️\tO\nParis\tB-location\n\nok\tO\n\n");
  });

  it("gives back the file it parsed, with its separator", () => {
    const file = "You\tO\nRedondo\tB-location\nBeach\tI-location\n😂\tO\n\nJohn\tB-person\nMary\tB-person\n\n";
    const parsed = parseConll(file);
    expect(writeConll(parsed.sentences, { separator: parsed.separator })).toBe(file);
    const spaced = "a O\nb B-x\n\n";
    const again = parseConll(spaced);
    expect(writeConll(again.sentences, { separator: again.separator })).toBe(spaced);
  });
});
