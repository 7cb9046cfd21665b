import { describe, expect, it } from "vitest";
import {
  addSpan,
  changeSpanBoundary,
  changeSpanType,
  normaliseSpans,
  removeSpan,
  SpanError,
  spanProblems,
  spanSetProblems,
  type Span,
} from "./span-set";

// Code points: "🚗 on Redondo Beach Blvd" — the car is 1 code point, so "Redondo" is 5..12.
const text = "🚗 on Redondo Beach Blvd";
const rules = { text, labels: ["location", "person"] };
const redondo: Span = { start: 5, end: 12, label: "location" };
const street: Span = { start: 5, end: 23, label: "location" };

describe("span validation", () => {
  it("accepts a span inside the text with a known type", () => {
    expect(spanProblems(street, rules)).toEqual([]);
  });

  it("names what is wrong: outside, empty, whitespace, unknown type, fractional", () => {
    expect(spanProblems({ start: 20, end: 24, label: "location" }, rules)).toEqual([
      "Span 20–24 lies outside the text, which has 23 code points.",
    ]);
    expect(spanProblems({ start: 7, end: 7, label: "location" }, rules)).toEqual(["Span 7–7 is empty: its end must come after its start."]);
    expect(spanProblems({ start: 4, end: 5, label: "location" }, rules)).toEqual(['Span 4–5 " " (location) covers only whitespace.']);
    expect(spanProblems({ start: 5, end: 12, label: "place" }, rules)).toEqual([
      'Span 5–12 has type "place", which is not one of ["location","person"].',
    ]);
    expect(spanProblems({ start: 5.5, end: 12, label: "location" }, rules)).toHaveLength(1);
  });
});

describe("overlap policy", () => {
  it("refuses an overlapping span when overlap is off, naming both spans and their text", () => {
    const set = addSpan([], redondo, rules);
    expect(() => addSpan(set, { start: 8, end: 18, label: "person" }, rules)).toThrow(SpanError);
    expect(() => addSpan(set, { start: 8, end: 18, label: "person" }, rules)).toThrow(
      'Span 8–18 "ondo Beach" (person) overlaps span 5–12 "Redondo" (location); overlapping spans are off in this project, so shorten or remove one of them.',
    );
  });

  it("allows nesting when the project allows overlap", () => {
    const set = addSpan(addSpan([], street, { ...rules, allowOverlap: true }), redondo, { ...rules, allowOverlap: true });
    expect(set).toEqual([redondo, street]);
  });

  it("treats touching spans as not overlapping (end is exclusive)", () => {
    const set = addSpan(addSpan([], redondo, rules), { start: 12, end: 18, label: "location" }, rules);
    expect(set).toHaveLength(2);
  });

  it("lists every problem of a whole set", () => {
    const problems = spanSetProblems([street, redondo, { start: 0, end: 2, label: "x" }], rules);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe('Span 0–2 has type "x", which is not one of ["location","person"].');
    expect(problems[1]).toMatch(/^Span 5–12 "Redondo" \(location\) overlaps span 5–23 "Redondo Beach Blvd" \(location\)/);
  });
});

describe("editing a span set", () => {
  it("keeps the set sorted and free of duplicates", () => {
    const b: Span = { start: 0, end: 1, label: "person" };
    expect(normaliseSpans([redondo, b, redondo])).toEqual([b, redondo]);
    expect(addSpan([redondo], redondo, rules)).toEqual([redondo]);
  });

  it("removes, retypes and moves a span", () => {
    const set = addSpan([], redondo, rules);
    expect(changeSpanType(set, redondo, "person", rules)).toEqual([{ start: 5, end: 12, label: "person" }]);
    expect(changeSpanBoundary(set, redondo, { start: 5, end: 18 }, rules)).toEqual([{ start: 5, end: 18, label: "location" }]);
    expect(removeSpan(set, redondo)).toEqual([]);
    expect(() => removeSpan(set, street)).toThrow("There is no span 5–23 (location) to remove.");
    expect(() => changeSpanType(set, redondo, "place", rules)).toThrow(/not one of/);
  });

  it("checks a moved span against the others, not against its own old place", () => {
    const other: Span = { start: 13, end: 18, label: "person" };
    const set = [redondo, other];
    expect(changeSpanBoundary(set, redondo, { start: 5, end: 13 }, rules)).toEqual([{ start: 5, end: 13, label: "location" }, other]);
    expect(() => changeSpanBoundary(set, redondo, { start: 5, end: 14 }, rules)).toThrow(/overlaps span 13–18 "Beach"/);
  });
});
