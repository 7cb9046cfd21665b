import { describe, expect, it } from "vitest";
import { spanSuggestionOutcomes } from "./span-suggestion-outcome";

const loc = (start: number, end: number) => ({ start, end, label: "location" });
const per = (start: number, end: number) => ({ start, end, label: "person" });

describe("spanSuggestionOutcomes", () => {
  it("classifies each suggested span: accepted, type changed, boundary changed, both, rejected", () => {
    const { outcomes, added } = spanSuggestionOutcomes({
      suggested: [loc(0, 5), loc(10, 15), loc(20, 30), loc(40, 45), loc(60, 65)],
      submitted: [loc(0, 5), per(10, 15), loc(20, 26), per(41, 45), loc(80, 85)],
      shown: true,
    });
    expect(outcomes.map((o) => [o.outcome, o.change])).toEqual([
      ["accepted", null],
      ["changed", "type"],
      ["changed", "boundary"],
      ["changed", "boundary_and_type"],
      ["rejected", null],
    ]);
    expect(outcomes[2]!.final).toEqual(loc(20, 26));
    expect(added).toEqual([loc(80, 85)]);
  });

  it("lets each submitted span answer one suggestion, the larger overlap first", () => {
    // Two suggestions 0–4 and 4–10 were merged by the annotator into 0–10: the second overlaps it by
    // 6 code points, the first by 4, so 4–10 is the changed one and 0–4 is rejected.
    const { outcomes } = spanSuggestionOutcomes({ suggested: [loc(0, 4), loc(4, 10)], submitted: [loc(0, 10)], shown: true });
    expect(outcomes.map((o) => o.outcome)).toEqual(["rejected", "changed"]);
    // An identical span wins over an overlapping one even when listed later.
    const exact = spanSuggestionOutcomes({ suggested: [loc(0, 10), loc(2, 8)], submitted: [loc(2, 8)], shown: true });
    expect(exact.outcomes.map((o) => o.outcome)).toEqual(["rejected", "accepted"]);
  });

  it("marks every suggestion withheld when none was shown, keeping the correspondence", () => {
    const { outcomes } = spanSuggestionOutcomes({ suggested: [loc(0, 5), loc(9, 12)], submitted: [per(0, 5)], shown: false });
    expect(outcomes.map((o) => [o.outcome, o.change])).toEqual([
      ["withheld", "type"],
      ["withheld", null],
    ]);
    expect(outcomes.every((o) => !o.shown)).toBe(true);
  });

  it("gives no outcomes for no suggestions, and every submitted span as added", () => {
    expect(spanSuggestionOutcomes({ suggested: [], submitted: [loc(1, 2)], shown: true })).toEqual({ outcomes: [], added: [loc(1, 2)] });
  });
});
