import { describe, expect, it } from "vitest";
import { TokenizedText } from "@/lib/spans/tokens";
import { initialSpanEditorState, selectionOf, spanEditorReducer, tokenIndexAt, type SpanEditorAction, type SpanEditorState } from "./span-editor";

// Tokens: Ada 0–3 · Lovelace 4–12 · met 13–16 · Charles 17–24 · Babbage 25–32 · in 33–35 · London 36–42 · . 42–43
const TEXT = "Ada Lovelace met Charles Babbage in London.";
const tokenized = new TokenizedText(TEXT);
const rules = { text: tokenized.offsets, labels: ["person", "place"] };

function run(actions: SpanEditorAction[], start: SpanEditorState = initialSpanEditorState([], []), mode: "token" | "character" = "token", allowOverlap = false) {
  const reduce = spanEditorReducer({ tokenized, rules: { ...rules, allowOverlap }, mode });
  return actions.reduce(reduce, start);
}
const right = (extend = false): SpanEditorAction => ({ kind: "move", to: "right", extend });
const left = (extend = false): SpanEditorAction => ({ kind: "move", to: "left", extend });

describe("span editor: cursor and keyboard marking", () => {
  it("moves the cursor token by token and stops at both ends", () => {
    expect(run([right(), right()]).cursor).toBe(2);
    expect(run([left()]).cursor).toBe(0);
    expect(run([{ kind: "move", to: "end", extend: false }, right()]).cursor).toBe(7);
    expect(run([{ kind: "move", to: "end", extend: false }, { kind: "move", to: "home", extend: false }]).cursor).toBe(0);
  });

  it("marks the token under the cursor when nothing is selected", () => {
    const state = run([{ kind: "move", to: "end", extend: false }, left(), { kind: "mark", label: "place" }]);
    expect(state.spans).toEqual([{ start: 36, end: 42, label: "place" }]);
  });

  it("marks a Shift-extended selection of whole tokens", () => {
    const state = run([right(), right(), right(), right(true), { kind: "mark", label: "person" }]);
    expect(state.spans).toEqual([{ start: 17, end: 32, label: "person" }]);
    expect(state.anchor).toBeNull();
  });

  it("extends leftwards too, whichever way the selection was drawn", () => {
    const state = run([right(), right(), right(), right(), left(true), { kind: "mark", label: "person" }]);
    expect(state.spans).toEqual([{ start: 17, end: 32, label: "person" }]);
  });

  it("refuses an overlapping span with the span set's message and keeps the spans", () => {
    const marked = run([right(true), { kind: "mark", label: "person" }]);
    const state = run([{ kind: "draw", start: 5, end: 15 }, { kind: "mark", label: "place" }], marked);
    expect(state.spans).toEqual([{ start: 0, end: 12, label: "person" }]);
    expect(state.refusal).toBe(
      'Span 4–16 "Lovelace met" (place) overlaps span 0–12 "Ada Lovelace" (person); overlapping spans are off in this project, so shorten or remove one of them.',
    );
  });

  it("allows the overlapping span when the project allows overlap", () => {
    const marked = run([right(true), { kind: "mark", label: "person" }], undefined, "token", true);
    const state = run([{ kind: "draw", start: 5, end: 15 }, { kind: "mark", label: "place" }], marked, "token", true);
    expect(state.spans).toHaveLength(2);
  });

  it("retypes the span under the cursor, and removes it", () => {
    const marked = run([right(true), { kind: "mark", label: "person" }]);
    const retyped = run([{ kind: "mark", label: "place" }], marked);
    expect(retyped.spans).toEqual([{ start: 0, end: 12, label: "place" }]);
    const removed = run([{ kind: "removeUnderCursor" }], retyped);
    expect(removed.spans).toEqual([]);
  });

  it("moves a span's end boundary by Shift-extending from inside it", () => {
    // "Charles" marked, then Shift+→ from it takes "Charles Babbage".
    const marked = run([right(), right(), right(), { kind: "mark", label: "person" }]);
    const state = run([right(true), { kind: "mark", label: "person" }], marked);
    expect(state.spans).toEqual([{ start: 17, end: 32, label: "person" }]);
  });

  it("moves a span's start boundary with Shift+← from inside it", () => {
    const marked = run([{ kind: "move", to: "end", extend: false }, left(), { kind: "mark", label: "place" }]);
    const state = run([left(true), { kind: "mark", label: "place" }], marked);
    expect(state.spans).toEqual([{ start: 33, end: 42, label: "place" }]);
  });
});

describe("span editor: suggested spans", () => {
  const suggested = [
    { start: 0, end: 12, label: "person" },
    { start: 36, end: 42, label: "place" },
  ];

  it("accepts the suggestion under the cursor with y, or as another type with that type's key", () => {
    const start = initialSpanEditorState([], suggested);
    expect(run([{ kind: "acceptSuggested" }], start)).toMatchObject({ spans: [suggested[0]], suggested: [suggested[1]] });
    expect(run([right(), { kind: "mark", label: "place" }], start)).toMatchObject({
      spans: [{ start: 0, end: 12, label: "place" }],
      suggested: [suggested[1]],
    });
  });

  it("rejects the suggestion under the cursor, and accepts all the others", () => {
    const start = initialSpanEditorState([], suggested);
    const rejected = run([{ kind: "rejectSuggested" }], start);
    expect(rejected.suggested).toEqual([suggested[1]]);
    expect(run([{ kind: "acceptAllSuggested" }], rejected)).toMatchObject({ spans: [suggested[1]], suggested: [] });
  });

  it("accepts a suggestion with a moved boundary by Shift-extending from it", () => {
    const start = initialSpanEditorState([], [{ start: 17, end: 24, label: "person" }]);
    const state = run([right(), right(), right(), right(true), { kind: "mark", label: "person" }], start);
    expect(state).toMatchObject({ spans: [{ start: 17, end: 32, label: "person" }], suggested: [] });
  });

  it("drops a suggestion the annotator already has", () => {
    expect(initialSpanEditorState([suggested[0]!], suggested).suggested).toEqual([suggested[1]]);
  });
});

describe("span editor: mouse", () => {
  it("snaps a drawn selection to whole tokens", () => {
    // "ace met Cha" (9–20) grows to "Lovelace met Charles".
    const state = run([{ kind: "draw", start: 9, end: 20 }]);
    expect(selectionOf(state, tokenized.tokens)).toEqual({ start: 4, end: 24 });
    expect(run([{ kind: "mark", label: "person" }], state).spans).toEqual([{ start: 4, end: 24, label: "person" }]);
  });

  it("keeps a drawn selection as drawn in a character-level project", () => {
    const state = run([{ kind: "draw", start: 9, end: 12 }], undefined, "character");
    expect(selectionOf(state, tokenized.tokens)).toEqual({ start: 9, end: 12 });
  });

  it("places the cursor on a click", () => {
    expect(run([{ kind: "draw", start: 27, end: 27 }]).cursor).toBe(4);
    expect(tokenIndexAt(tokenized.tokens, 16)).toBe(3);
  });
});
