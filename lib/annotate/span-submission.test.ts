import { describe, expect, it } from "vitest";
import { GoldsetError } from "@/lib/errors";
import { checkSubmittedSpans, spanSubmissionOutcome } from "./span-submission";

// "Ana 🙂 met Bo": the emoji is one code point (two UTF-16 units); "met" is code points 6–9.
const text = "Ana 🙂 met Bo";
const rules = { text, entityTypes: ["person", "location"], allowOverlap: false };

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof GoldsetError) return error.problems;
    throw error;
  }
  return [];
}

describe("checkSubmittedSpans", () => {
  it("keeps valid spans sorted and without duplicates, offsets in code points", () => {
    expect(checkSubmittedSpans([{ start: 10, end: 12, label: "person" }, { start: 0, end: 3, label: "person" }, { start: 0, end: 3, label: "person" }], rules)).toEqual([
      { start: 0, end: 3, label: "person" },
      { start: 10, end: 12, label: "person" },
    ]);
  });

  it("names each bad span by its place in the request", () => {
    const problems = problemsOf(() =>
      checkSubmittedSpans(
        [
          { start: 0, end: 3, label: "person" },
          { start: 10, end: 13, label: "person" },
          { start: 4, end: 4, label: "person" },
          { start: 0, end: 3, label: "org" },
        ],
        rules,
      ),
    );
    expect(problems.map((p) => p.field)).toEqual(["spans.1", "spans.2", "spans.3"]);
    expect(problems[0]!.message).toBe("spans.1: Span 10–13 lies outside the text, which has 12 code points.");
    expect(problems[1]!.message).toBe("spans.2: Span 4–4 is empty: its end must come after its start.");
    expect(problems[2]!.message).toBe('spans.3: Span 0–3 has type "org", which is not one of ["person","location"].');
  });

  it("refuses overlapping spans unless the project allows them", () => {
    const spans = [{ start: 0, end: 5, label: "person" }, { start: 4, end: 9, label: "location" }];
    const problems = problemsOf(() => checkSubmittedSpans(spans, rules));
    expect(problems).toEqual([
      {
        field: "spans.1",
        message:
          'spans.1: span 4–9 "🙂 met" (location) overlaps spans.0 0–5 "Ana 🙂" (person); overlapping spans are off in this project, so shorten or remove one of them.',
      },
    ]);
    expect(checkSubmittedSpans(spans, { ...rules, allowOverlap: true })).toHaveLength(2);
  });
});

describe("spanSubmissionOutcome", () => {
  const suggested = [{ start: 0, end: 3, label: "person" }, { start: 10, end: 12, label: "location" }];

  it("records per suggested span what was done, and the annotation's action", () => {
    const r = spanSubmissionOutcome({ suggested, submitted: [{ start: 0, end: 3, label: "person" }, { start: 10, end: 12, label: "person" }], shown: true, notSure: false, rejectedByAnnotator: false });
    expect(r).toEqual({
      action: "changed",
      spanOutcomes: [
        { suggested: { start: 0, end: 3, label: "person" }, outcome: "accepted" },
        { suggested: { start: 10, end: 12, label: "location" }, outcome: "changed", final: { start: 10, end: 12, label: "person" } },
      ],
    });
    expect(spanSubmissionOutcome({ suggested, submitted: suggested, shown: true, notSure: false, rejectedByAnnotator: false }).action).toBe("accepted");
    expect(spanSubmissionOutcome({ suggested, submitted: [], shown: true, notSure: false, rejectedByAnnotator: false }).action).toBe("rejected");
  });

  it("works out a withheld suggestion's correspondence but records no action on it", () => {
    const r = spanSubmissionOutcome({ suggested, submitted: suggested, shown: false, notSure: false, rejectedByAnnotator: false });
    expect(r.action).toBe("none");
    expect(r.spanOutcomes!.map((o) => o.outcome)).toEqual(["accepted", "accepted"]);
    expect(spanSubmissionOutcome({ suggested: null, submitted: suggested, shown: true, notSure: false, rejectedByAnnotator: false })).toEqual({ spanOutcomes: null, action: "none" });
  });
});
