import { describe, expect, it } from "vitest";
import { TokenizedText } from "@/lib/spans/tokens";
import { annotatorRows, candidatesOf, candidateStatus, initialSpanReviewState, majorityDraft, spanReviewReducer, type AnnotatorSpans } from "./span-review-model";
import { spanReviewCommandForKey } from "./span-review-keys";

// Code points: "Ana met Bo in Lima" — Ana 0–3, met 4–7, Bo 8–10, in 11–13, Lima 14–18.
const TEXT = "Ana met Bo in Lima";
const ana = { start: 0, end: 3, label: "person" };
const bo = { start: 8, end: 10, label: "person" };
const boPlace = { start: 8, end: 10, label: "place" };
const lima = { start: 14, end: 18, label: "place" };
const inLima = { start: 11, end: 18, label: "place" };

const rows: AnnotatorSpans[] = [
  { annotatorId: "u1", annotator: "Ann", spans: [ana, bo] },
  { annotatorId: "u2", annotator: "Ben", spans: [ana, boPlace, inLima] },
  { annotatorId: "u3", annotator: "Cat", spans: [ana, bo, lima] },
];

function setup(allowOverlap = false) {
  const tokenized = new TokenizedText(TEXT);
  const candidates = candidatesOf(rows);
  const reduce = spanReviewReducer({ tokenized, rules: { text: tokenized.offsets, labels: ["person", "place"], allowOverlap }, mode: "token" }, candidates);
  return { reduce, candidates, state: initialSpanReviewState(rows, 0.5) };
}

describe("annotatorRows", () => {
  it("keeps each annotator's current label annotation, sorted, and drops superseded rows and retractions", () => {
    expect(
      annotatorRows([
        { annotatorId: "u1", annotator: "Ann", kind: "label", superseded: true, spans: [ana] },
        { annotatorId: "u1", annotator: "Ann", kind: "label", superseded: false, spans: [lima, ana] },
        { annotatorId: "u2", annotator: "Ben", kind: "retraction", superseded: false, spans: null },
        { annotatorId: "u3", annotator: "Cat", kind: "label", superseded: false, spans: null },
      ]),
    ).toEqual([
      { annotatorId: "u1", annotator: "Ann", spans: [ana, lima] },
      { annotatorId: "u3", annotator: "Cat", spans: [] },
    ]);
  });
});

describe("the span review draft", () => {
  it("starts from the majority: Ana (3 of 3) and Bo as a person (2 of 3); no Lima has a majority", () => {
    expect(majorityDraft(rows, 0.5)).toEqual([ana, bo]);
    const { state, candidates } = setup();
    expect(state.editor.spans).toEqual([ana, bo]);
    expect(state.focus).toBe(0);
    expect(candidates.map((c) => [c.row, c.span.start, c.span.label])).toEqual([
      [0, 0, "person"],
      [0, 8, "person"],
      [1, 0, "person"],
      [1, 8, "place"],
      [1, 11, "place"],
      [2, 0, "person"],
      [2, 8, "person"],
      [2, 14, "place"],
    ]);
  });

  it("walks the candidates with j/k and puts the cursor on the focused one", () => {
    const { reduce, state } = setup();
    let next = reduce(state, { kind: "focus", to: "next" });
    next = reduce(next, { kind: "focus", to: "next" });
    next = reduce(next, { kind: "focus", to: "next" });
    expect(next.focus).toBe(3);
    // Ben's "Bo" (place) starts at token 2.
    expect(next.editor.cursor).toBe(2);
    expect(reduce(reduce(state, { kind: "focus", to: "previous" }), { kind: "focus", to: "previous" }).focus).toBe(0);
  });

  it("accepting a span replaces the draft spans it overlaps; rejecting takes it out and marks it", () => {
    const { reduce, state } = setup();
    // Focus Ben's Bo (place) and accept it: it replaces Bo (person).
    let next = reduce(state, { kind: "focusOn", index: 3 });
    next = reduce(next, { kind: "acceptFocused" });
    expect(next.editor.spans).toEqual([ana, boPlace]);
    expect(candidateStatus(next, boPlace)).toBe("accepted");
    expect(candidateStatus(next, bo)).toBe("open");
    // Reject it again: gone from the draft, marked rejected; accepting Cat's Lima adds it.
    next = reduce(next, { kind: "rejectFocused" });
    expect(next.editor.spans).toEqual([ana]);
    expect(candidateStatus(next, boPlace)).toBe("rejected");
    next = reduce(reduce(next, { kind: "focusOn", index: 7 }), { kind: "acceptFocused" });
    expect(next.editor.spans).toEqual([ana, lima]);
  });

  it("accepts a whole annotator's row, each span replacing what it overlaps", () => {
    const { reduce, state } = setup();
    const next = reduce(reduce(state, { kind: "focusOn", index: 4 }), { kind: "acceptRow" });
    expect(next.editor.spans).toEqual([ana, boPlace, inLima]);
    expect(next.editor.refusal).toBeNull();
  });

  it("edits a boundary of a decided span with Shift+arrows and adds a missing span with a type key", () => {
    const { reduce, state } = setup();
    // Accept Ben's "in Lima" (11–18).
    let next = reduce(reduce(state, { kind: "focusOn", index: 4 }), { kind: "acceptFocused" });
    expect(next.editor.spans).toEqual([ana, bo, inLima]);
    // Home, → : the cursor is on "met" (token 1); the person key marks it, a span nobody proposed.
    next = reduce(next, { kind: "edit", action: { kind: "move", to: "home", extend: false } });
    next = reduce(next, { kind: "edit", action: { kind: "move", to: "right", extend: false } });
    next = reduce(next, { kind: "edit", action: { kind: "mark", label: "person" } });
    expect(next.editor.spans).toEqual([ana, { start: 4, end: 7, label: "person" }, bo, inLima]);
    // End puts the cursor on "Lima", inside 11–18. Shift+→ takes hold of that span (anchor on its
    // first token "in", cursor on its last, clamped); Shift+← pulls its end back to "in"; the place
    // key commits the new boundary: 11–13.
    next = reduce(next, { kind: "edit", action: { kind: "move", to: "end", extend: false } });
    next = reduce(next, { kind: "edit", action: { kind: "move", to: "right", extend: true } });
    next = reduce(next, { kind: "edit", action: { kind: "move", to: "left", extend: true } });
    next = reduce(next, { kind: "edit", action: { kind: "mark", label: "place" } });
    expect(next.editor.spans).toEqual([ana, { start: 4, end: 7, label: "person" }, bo, { start: 11, end: 13, label: "place" }]);
  });
});

describe("spanReviewCommandForKey", () => {
  const key = (k: string, extra: Partial<{ shiftKey: boolean; ctrlKey: boolean }> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...extra });
  it("maps the review keys, the draft's editing keys and type keys", () => {
    expect(spanReviewCommandForKey(key("j"), false)).toEqual({ kind: "focus", to: "next" });
    expect(spanReviewCommandForKey(key("ArrowUp"), false)).toEqual({ kind: "focus", to: "previous" });
    expect(spanReviewCommandForKey(key("ArrowRight", { shiftKey: true }), false)).toEqual({ kind: "move", to: "right", extend: true });
    expect(spanReviewCommandForKey(key("y"), false)).toEqual({ kind: "accept" });
    expect(spanReviewCommandForKey(key("n"), false)).toEqual({ kind: "reject" });
    expect(spanReviewCommandForKey(key("a"), false)).toEqual({ kind: "acceptRow" });
    expect(spanReviewCommandForKey(key("3"), false)).toEqual({ kind: "hotkey", key: "3" });
    expect(spanReviewCommandForKey(key("Enter"), false)).toEqual({ kind: "decide" });
  });
  it("leaves a text field's typing alone except Enter and Escape, and ignores modified keys", () => {
    expect(spanReviewCommandForKey(key("y"), true)).toBeNull();
    expect(spanReviewCommandForKey(key("Enter"), true)).toEqual({ kind: "decide" });
    expect(spanReviewCommandForKey(key("Escape"), true)).toEqual({ kind: "escape" });
    expect(spanReviewCommandForKey(key("j", { ctrlKey: true }), false)).toBeNull();
  });
});
