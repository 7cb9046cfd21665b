/**
 * The span annotator's state and what each key or mouse gesture does to it, as a pure reducer so it
 * can be tested without a browser. Offsets are code points (lib/spans/offsets.ts); the cursor is a
 * token index (lib/spans/tokens.ts). Edits go through lib/spans/span-set.ts, so a refused span
 * (overlap off, whitespace only) keeps the state and carries that module's message.
 */
import { addSpan, compareSpans, removeSpan, replaceSpan, sameSpan, SpanError, spansOverlap, type Span, type SpanRules } from "@/lib/spans/span-set";
import type { SelectionMode, Token, TokenizedText } from "@/lib/spans/tokens";
import type { CursorMove } from "./span-keys";

export type Range = { start: number; end: number };

export interface SpanEditorState {
  /** The annotator's own spans, sorted. */
  spans: Span[];
  /** Suggested spans not yet accepted, rejected or replaced. */
  suggested: Span[];
  /** Index of the token under the cursor. */
  cursor: number;
  /** Where a Shift-extended selection started (a token index), or null. */
  anchor: number | null;
  /** The span whose boundary a Shift-extension is moving, or null. */
  editing: { span: Span; suggested: boolean } | null;
  /** A selection drawn with the mouse (code points, already snapped), or null. */
  drawn: Range | null;
  /** Why the last edit was refused, until the next action. */
  refusal: string | null;
}

export interface SpanEditorContext {
  tokenized: TokenizedText;
  rules: SpanRules;
  mode: SelectionMode;
}

export type SpanEditorAction =
  | { kind: "move"; to: CursorMove; extend: boolean }
  | { kind: "mark"; label: string }
  | { kind: "removeUnderCursor" }
  | { kind: "acceptSuggested"; label?: string }
  | { kind: "rejectSuggested" }
  | { kind: "acceptAllSuggested" }
  | { kind: "rejectAllSuggested" }
  /** A mouse selection in code points, as drawn (snapped here unless the project is character-level). */
  | { kind: "draw"; start: number; end: number }
  | { kind: "removeSpan"; span: Span }
  | { kind: "clearSelection" };

export function initialSpanEditorState(spans: readonly Span[], suggested: readonly Span[]): SpanEditorState {
  const own = [...spans].sort(compareSpans);
  return {
    spans: own,
    suggested: suggested.filter((s) => !own.some((o) => sameSpan(o, s))).sort(compareSpans),
    cursor: 0,
    anchor: null,
    editing: null,
    drawn: null,
    refusal: null,
  };
}

/** Index of the token containing `codePoint`, or of the first token after it (clamped to the last). */
export function tokenIndexAt(tokens: readonly Token[], codePoint: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.end > codePoint) high = middle;
    else low = middle + 1;
  }
  return Math.min(low, Math.max(0, tokens.length - 1));
}

function tokenRange(tokens: readonly Token[], from: number, to: number): Range | null {
  const first = tokens[Math.min(from, to)];
  const last = tokens[Math.max(from, to)];
  return first && last ? { start: first.start, end: last.end } : null;
}

/** The selection a type key would mark: drawn, Shift-extended, or null when there is none. */
export function selectionOf(state: SpanEditorState, tokens: readonly Token[]): Range | null {
  if (state.drawn) return state.drawn;
  if (state.anchor === null) return null;
  return tokenRange(tokens, state.anchor, state.cursor);
}

export function cursorRange(state: SpanEditorState, tokens: readonly Token[]): Range | null {
  return tokenRange(tokens, state.cursor, state.cursor);
}

function spanAtCursor(spans: readonly Span[], state: SpanEditorState, tokens: readonly Token[]): Span | null {
  const at = cursorRange(state, tokens);
  if (!at) return null;
  return spans.find((span) => spansOverlap(span, { ...at, label: "" })) ?? null;
}

export const ownSpanAtCursor = (state: SpanEditorState, tokens: readonly Token[]) => spanAtCursor(state.spans, state, tokens);
export const suggestedSpanAtCursor = (state: SpanEditorState, tokens: readonly Token[]) => spanAtCursor(state.suggested, state, tokens);

function refused(state: SpanEditorState, error: unknown): SpanEditorState {
  if (error instanceof SpanError) return { ...state, refusal: error.problems.join(" ") };
  throw error;
}

const withoutSelection = (state: SpanEditorState): SpanEditorState => ({ ...state, anchor: null, editing: null, drawn: null, refusal: null });

function move(state: SpanEditorState, context: SpanEditorContext, to: CursorMove, extend: boolean): SpanEditorState {
  const { tokens } = context.tokenized;
  const last = tokens.length - 1;
  if (last < 0) return state;
  const step = (from: number) => (to === "left" ? from - 1 : to === "right" ? from + 1 : to === "home" ? 0 : last);
  const clamp = (index: number) => Math.max(0, Math.min(last, index));
  if (!extend) return { ...withoutSelection(state), cursor: clamp(step(state.cursor)) };
  if (state.anchor !== null || state.drawn) {
    if (state.drawn) {
      // A drawn selection becomes a token selection the keys can extend from either end.
      const first = tokenIndexAt(tokens, state.drawn.start);
      const lastToken = tokenIndexAt(tokens, state.drawn.end - 1);
      const [anchor, cursor] = to === "left" || to === "home" ? [lastToken, first] : [first, lastToken];
      return { ...state, drawn: null, refusal: null, anchor, cursor: clamp(step(cursor)) };
    }
    return { ...state, refusal: null, cursor: clamp(step(state.cursor)) };
  }
  // Shift from inside a span selects that span and moves the boundary on the side of the arrow.
  const own = ownSpanAtCursor(state, tokens);
  const suggestion = own ? null : suggestedSpanAtCursor(state, tokens);
  const span = own ?? suggestion;
  if (span) {
    const first = tokenIndexAt(tokens, span.start);
    const lastToken = tokenIndexAt(tokens, span.end - 1);
    const [anchor, from] = to === "left" || to === "home" ? [lastToken, first] : [first, lastToken];
    return { ...state, refusal: null, editing: { span, suggested: !own }, anchor, cursor: clamp(step(from)) };
  }
  return { ...state, refusal: null, anchor: state.cursor, cursor: clamp(step(state.cursor)) };
}

function accept(state: SpanEditorState, context: SpanEditorContext, suggestion: Span, label: string): SpanEditorState {
  try {
    const spans = addSpan(state.spans, { ...suggestion, label }, context.rules);
    return { ...withoutSelection(state), spans, suggested: state.suggested.filter((s) => !sameSpan(s, suggestion)) };
  } catch (error) {
    return refused(state, error);
  }
}

function mark(state: SpanEditorState, context: SpanEditorContext, label: string): SpanEditorState {
  const { tokens } = context.tokenized;
  const selection = selectionOf(state, tokens);
  if (state.editing && selection) {
    const { span, suggested } = state.editing;
    try {
      const replacement = { ...selection, label };
      if (suggested) {
        const spans = addSpan(state.spans, replacement, context.rules);
        return { ...withoutSelection(state), spans, suggested: state.suggested.filter((s) => !sameSpan(s, span)) };
      }
      return { ...withoutSelection(state), spans: replaceSpan(state.spans, span, replacement, context.rules) };
    } catch (error) {
      return refused(state, error);
    }
  }
  if (!selection) {
    // No selection: the key retypes the span under the cursor, accepts the suggestion there
    // (as this type), or marks the token under the cursor.
    const own = ownSpanAtCursor(state, tokens);
    if (own) {
      if (own.label === label) return withoutSelection(state);
      try {
        return { ...withoutSelection(state), spans: replaceSpan(state.spans, own, { ...own, label }, context.rules) };
      } catch (error) {
        return refused(state, error);
      }
    }
    const suggestion = suggestedSpanAtCursor(state, tokens);
    if (suggestion) return accept(state, context, suggestion, label);
  }
  const target = selection ?? cursorRange(state, tokens);
  if (!target) return state;
  try {
    const spans = addSpan(state.spans, { ...target, label }, context.rules);
    // A suggestion the new span covers exactly is answered by it.
    const suggested = state.suggested.filter((s) => !(s.start === target.start && s.end === target.end));
    return { ...withoutSelection(state), spans, suggested };
  } catch (error) {
    return refused(state, error);
  }
}

export function spanEditorReducer(context: SpanEditorContext) {
  return (state: SpanEditorState, action: SpanEditorAction): SpanEditorState => {
    const { tokens } = context.tokenized;
    switch (action.kind) {
      case "move":
        return move(state, context, action.to, action.extend);
      case "mark":
        return mark(state, context, action.label);
      case "removeUnderCursor": {
        const own = ownSpanAtCursor(state, tokens);
        if (own) return { ...withoutSelection(state), spans: removeSpan(state.spans, own) };
        const suggestion = suggestedSpanAtCursor(state, tokens);
        if (suggestion) return { ...withoutSelection(state), suggested: state.suggested.filter((s) => !sameSpan(s, suggestion)) };
        return { ...state, refusal: "There is no span under the cursor to remove." };
      }
      case "removeSpan":
        return state.spans.some((s) => sameSpan(s, action.span)) ? { ...withoutSelection(state), spans: removeSpan(state.spans, action.span) } : state;
      case "acceptSuggested": {
        const suggestion = suggestedSpanAtCursor(state, tokens);
        return suggestion ? accept(state, context, suggestion, action.label ?? suggestion.label) : state;
      }
      case "rejectSuggested": {
        const suggestion = suggestedSpanAtCursor(state, tokens);
        return suggestion ? { ...withoutSelection(state), suggested: state.suggested.filter((s) => !sameSpan(s, suggestion)) } : state;
      }
      case "acceptAllSuggested": {
        let next = withoutSelection(state);
        const problems: string[] = [];
        for (const suggestion of state.suggested) {
          try {
            next = { ...next, spans: addSpan(next.spans, suggestion, context.rules), suggested: next.suggested.filter((s) => !sameSpan(s, suggestion)) };
          } catch (error) {
            if (!(error instanceof SpanError)) throw error;
            problems.push(...error.problems);
          }
        }
        return { ...next, refusal: problems.length > 0 ? problems.join(" ") : null };
      }
      case "rejectAllSuggested":
        return { ...withoutSelection(state), suggested: [] };
      case "draw": {
        // A click without a drag places the cursor on the token there.
        if (action.start === action.end) return { ...withoutSelection(state), cursor: tokenIndexAt(tokens, action.start) };
        const snapped = context.tokenized.snapSelection(action.start, action.end, context.mode);
        if (!snapped) return withoutSelection(state);
        return { ...withoutSelection(state), drawn: snapped, cursor: tokenIndexAt(tokens, Math.max(snapped.start, snapped.end - 1)) };
      }
      case "clearSelection":
        return withoutSelection(state);
    }
  };
}
