import { describe, expect, it } from "vitest";
import { addToTally, countMatches, emptyTally, f1OfTally } from "./entity-f1";

const loc = (start: number, end: number) => ({ start, end, label: "location" });
const per = (start: number, end: number) => ({ start, end, label: "person" });

describe("entity F1 between two annotators", () => {
  it("counts exact matches on start, end and type", () => {
    expect(countMatches([loc(0, 5), per(6, 9), loc(10, 14)], [loc(0, 5), loc(6, 9), loc(10, 13)], "exact")).toBe(1);
  });

  it("counts partial matches: same type, overlapping, each span once, largest overlap first", () => {
    // A: 0–10 (location). B: 0–3 and 2–9 (both location). Overlaps 3 and 7: 2–9 is taken, 0–3 stays unmatched.
    expect(countMatches([loc(0, 10)], [loc(0, 3), loc(2, 9)], "partial")).toBe(1);
    // A different type never matches, however large the overlap.
    expect(countMatches([loc(0, 10)], [per(0, 10)], "partial")).toBe(0);
    // Touching spans (end exclusive) do not overlap.
    expect(countMatches([loc(0, 5)], [loc(5, 9)], "partial")).toBe(0);
    // Two A spans and two B spans overlapping crosswise: 0–6 with 1–6 (5), 6–12 with 6–12 (6).
    expect(countMatches([loc(0, 6), loc(6, 12)], [loc(1, 6), loc(6, 12)], "partial")).toBe(2);
  });

  it("gives F1 = 2·matches / (|A| + |B|), summed over items first", () => {
    // Item 1: A {0–5 loc, 6–9 per}, B {0–5 loc}: 1 match, 2 + 1 spans.
    // Item 2: A {}, B {3–4 per}: 0 matches, 0 + 1 spans. F1 = 2·1 / (2 + 2) = 0.5.
    const tally = emptyTally();
    addToTally(tally, [loc(0, 5), per(6, 9)], [loc(0, 5)], "exact");
    addToTally(tally, [], [per(3, 4)], "exact");
    expect(tally).toEqual({ matches: 1, firstSpans: 2, secondSpans: 2 });
    expect(f1OfTally(tally)).toEqual({ value: 0.5 });
  });

  it("is undefined when neither side marked anything", () => {
    expect(f1OfTally(emptyTally())).toMatchObject({ value: null, reason: expect.stringContaining("neither annotator") });
  });
});
