import { describe, expect, it } from "vitest";
import { parseSpanAnswer, placeQuotedEntities, quoteSpans } from "./llm-span-answer";

const types = ["location", "person"];

describe("parseSpanAnswer", () => {
  it("accepts quotes with types and an optional occurrence, fenced or not", () => {
    const answer = '```json\n{"entities":[{"text":"Redondo Beach Blvd","type":"location"},{"text":"Ana","type":" person ","occurrence":2}]}\n```';
    expect(parseSpanAnswer(answer, types)).toEqual({
      status: "ok",
      entities: [
        { text: "Redondo Beach Blvd", type: "location" },
        { text: "Ana", type: "person", occurrence: 2 },
      ],
    });
    expect(parseSpanAnswer('{"entities":[]}', types)).toEqual({ status: "ok", entities: [] });
  });

  it("reports malformed JSON as parse_error", () => {
    expect(parseSpanAnswer('{"entities": [', types)).toMatchObject({ status: "parse_error", error: expect.stringContaining('{"entities": [') });
    expect(parseSpanAnswer("  ", types)).toEqual({ status: "parse_error", error: "The answer is empty" });
  });

  it("reports a type outside the entity types as unknown_label, with a near match", () => {
    expect(parseSpanAnswer('{"entities":[{"text":"Ana","type":"Person"}]}', types)).toEqual({
      status: "unknown_label",
      error: 'Entity type "Person" is not in the entity types ["location","person"] (did you mean "person"?)',
    });
  });

  it("reports the wrong shape as schema_error, naming the field", () => {
    const cases: [string, string][] = [
      ['["Ana"]', "The answer must be a JSON object"],
      ['{"spans":[]}', '"entities" must be an array'],
      ['{"entities":["Ana"]}', "entities[0] must be an object"],
      ['{"entities":[{"text":"","type":"person"}]}', "entities[0].text must be a non-empty string"],
      ['{"entities":[{"text":"Ana","type":1}]}', "entities[0].type must be a string"],
      ['{"entities":[{"text":"Ana","type":"person","occurrence":0}]}', "entities[0].occurrence must be a whole number from 1"],
      ['{"entities":[{"text":"Ana","type":"person","occurrence":1.5}]}', "entities[0].occurrence must be a whole number from 1"],
    ];
    for (const [answer, message] of cases) {
      expect(parseSpanAnswer(answer, types), answer).toMatchObject({ status: "schema_error", error: expect.stringContaining(message) });
    }
  });
});

describe("placeQuotedEntities", () => {
  // Code points: the car emoji is one, so "Ana" starts at 2 and "Redondo" at 10.
  const text = "🚗 Ana on Redondo Beach Blvd, then Ana again";

  it("places every occurrence of a quote, in code points", () => {
    const { spans, unplaced } = placeQuotedEntities(text, [
      { text: "Ana", type: "person" },
      { text: "Redondo Beach Blvd", type: "location" },
    ]);
    expect(spans).toEqual([
      { start: 2, end: 5, label: "person" },
      { start: 9, end: 27, label: "location" },
      { start: 34, end: 37, label: "person" },
    ]);
    expect(unplaced).toEqual([]);
    expect(Array.from(text).slice(9, 27).join("")).toBe("Redondo Beach Blvd");
  });

  it("places only the n-th occurrence when the model gives one", () => {
    expect(placeQuotedEntities(text, [{ text: "Ana", type: "person", occurrence: 2 }]).spans).toEqual([{ start: 34, end: 37, label: "person" }]);
  });

  it("drops and records quotes it cannot place, with the reason", () => {
    const { spans, unplaced } = placeQuotedEntities(text, [
      { text: "redondo beach", type: "location" },
      { text: "Torrance", type: "location" },
      { text: "Ana", type: "person", occurrence: 3 },
    ]);
    expect(spans).toEqual([]);
    expect(unplaced.map((quote) => [quote.reason, quote.message])).toEqual([
      ["not_found", '"redondo beach" does not occur in the text (it does with other letter case).'],
      ["not_found", '"Torrance" does not occur in the text.'],
      ["occurrence_out_of_range", 'Occurrence 3 of "Ana" was asked for; the text has 2.'],
    ]);
  });

  it("drops a span overlapping an earlier one when overlap is off, and keeps it when on", () => {
    const entities = [
      { text: "Redondo Beach Blvd", type: "location" },
      { text: "Redondo Beach", type: "location" },
    ];
    const off = placeQuotedEntities(text, entities);
    expect(off.spans).toEqual([{ start: 9, end: 27, label: "location" }]);
    expect(off.unplaced).toEqual([
      {
        entity: entities[1],
        reason: "overlaps",
        message:
          'Span 9–22 "Redondo Beach" (location) overlaps span 9–27 "Redondo Beach Blvd" (location), placed before it; overlapping spans are off in this project.',
      },
    ]);
    expect(placeQuotedEntities(text, entities, { allowOverlap: true }).spans).toHaveLength(2);
  });

  it("gives a quote repeated by the model its spans once", () => {
    const { spans, unplaced } = placeQuotedEntities(text, [
      { text: "Ana", type: "person", occurrence: 1 },
      { text: "Ana", type: "person", occurrence: 1 },
    ]);
    expect(spans).toHaveLength(1);
    expect(unplaced).toEqual([]);
  });
});

describe("placing quotes that hold emoji, and quotes that repeat inside themselves", () => {
  // Code points: L0 a1 _2 🌮3 _4 T5 a6 c7 o8 _9 B10 a11 r12 _13 🌮14 _15 r16 u17 l18 e19 s20;
  // each taco is two UTF-16 units, so the second one starts at UTF-16 index 16, not 14.
  const text = "La 🌮 Taco Bar 🌮 rules";

  it("counts a quote's own emoji as one code point each, at every occurrence", () => {
    expect(placeQuotedEntities(text, [{ text: "🌮 Taco Bar 🌮", type: "location" }]).spans).toEqual([{ start: 3, end: 15, label: "location" }]);
    expect(placeQuotedEntities(text, [{ text: "🌮", type: "location", occurrence: 2 }]).spans).toEqual([{ start: 14, end: 15, label: "location" }]);
    expect(placeQuotedEntities(text, [{ text: "rules", type: "location" }]).spans).toEqual([{ start: 16, end: 21, label: "location" }]);
  });

  it("counts occurrences without overlap: \"aa\" occurs once in \"aaa\", so a second is out of range", () => {
    expect(placeQuotedEntities("aaa", [{ text: "aa", type: "person" }]).spans).toEqual([{ start: 0, end: 2, label: "person" }]);
    expect(placeQuotedEntities("aaa", [{ text: "aa", type: "person", occurrence: 2 }]).unplaced.map((quote) => quote.reason)).toEqual(["occurrence_out_of_range"]);
  });
});

describe("quoteSpans (few-shot examples)", () => {
  const text = "🚗 Ana met Ana in Lima";

  it("quotes each span, naming the occurrence only when the quote repeats, and places back to the same spans", () => {
    const spans = [
      { start: 10, end: 13, label: "person" },
      { start: 17, end: 21, label: "location" },
    ];
    const quotes = quoteSpans(text, spans);
    expect(quotes).toEqual([
      { text: "Ana", type: "person", occurrence: 2 },
      { text: "Lima", type: "location" },
    ]);
    expect(placeQuotedEntities(text, quotes!)).toEqual({ spans, unplaced: [] });
  });

  it("gives no quotes for a span that is not one of its quote's occurrences", () => {
    expect(quoteSpans("aaa", [{ start: 1, end: 3, label: "person" }])).toBeNull();
  });
});
