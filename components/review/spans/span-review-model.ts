/**
 * The span reviewer's state and what each key or click does to it, as a pure reducer so it can be
 * tested without a browser. The decision draft is the annotator's span editor state
 * (components/annotate/spans/span-editor.ts), so the cursor, Shift-extension, boundary edits, type
 * keys and refusals behave exactly as they do for annotators; this module adds the candidates (every
 * annotator's spans, one row per annotator), the focus moving between them, and accepting or
 * rejecting them into the draft.
 *
 * The draft starts as the majority proposal: the spans that more than the project's majority share
 * of the annotators marked identically (lib/spans/resolve-spans.ts, the rule the resolution uses).
 */
import { resolveSpans } from "@/lib/spans/resolve-spans";
import { addSpan, compareSpans, normaliseSpans, sameSpan, SpanError, spansOverlap, type Span, type SpanRules } from "@/lib/spans/span-set";
import { initialSpanEditorState, spanEditorReducer, tokenIndexAt, type SpanEditorAction, type SpanEditorContext, type SpanEditorState } from "@/components/annotate/spans/span-editor";

/** One annotator's current spans on the item. */
export interface AnnotatorSpans {
  annotatorId: string;
  annotator: string;
  spans: Span[];
}

/** A span of one annotator's row; the rows' spans in order (row, then text position) are what j/k walk. */
export interface Candidate {
  row: number;
  span: Span;
}

export interface SpanReviewState {
  /** The decision draft, as the span editor's state (its `suggested` stays empty). */
  editor: SpanEditorState;
  /** Index into the candidates, or null when there are none. */
  focus: number | null;
  /** Spans the reviewer rejected (by start, end and type), shown as such in every row. */
  rejected: Span[];
}

export type SpanReviewAction =
  | { kind: "focus"; to: "next" | "previous" }
  | { kind: "focusOn"; index: number }
  | { kind: "acceptFocused" }
  | { kind: "rejectFocused" }
  /** Every span of one annotator's row (the focused row when `row` is absent). */
  | { kind: "acceptRow"; row?: number }
  | { kind: "edit"; action: SpanEditorAction };

export type CandidateStatus = "accepted" | "rejected" | "open";

/** The current label annotations with their spans, in the order given (the detail's, oldest first). */
export function annotatorRows(annotations: readonly { annotatorId: string; annotator: string; kind: string; superseded: boolean; spans?: Span[] | null }[]): AnnotatorSpans[] {
  return annotations
    .filter((a) => a.kind === "label" && !a.superseded)
    .map((a) => ({ annotatorId: a.annotatorId, annotator: a.annotator, spans: normaliseSpans(a.spans ?? []) }));
}

export function candidatesOf(rows: readonly AnnotatorSpans[]): Candidate[] {
  return rows.flatMap((r, row) => r.spans.map((span) => ({ row, span })));
}

/** The spans more than `majorityShare` of the rows marked identically: the draft a reviewer starts from. */
export function majorityDraft(rows: readonly AnnotatorSpans[], majorityShare: number): Span[] {
  if (rows.length === 0) return [];
  const resolution = resolveSpans(
    rows.map((r) => r.spans),
    { minAnnotators: 1, majorityShare },
  );
  return [...(resolution.status === "resolved" ? resolution.spans : resolution.accepted)].sort(compareSpans);
}

export function initialSpanReviewState(rows: readonly AnnotatorSpans[], majorityShare: number): SpanReviewState {
  const candidates = candidatesOf(rows);
  return { editor: initialSpanEditorState(majorityDraft(rows, majorityShare), []), focus: candidates.length > 0 ? 0 : null, rejected: [] };
}

export function candidateStatus(state: SpanReviewState, span: Span): CandidateStatus {
  if (state.editor.spans.some((s) => sameSpan(s, span))) return "accepted";
  if (state.rejected.some((s) => sameSpan(s, span))) return "rejected";
  return "open";
}

/**
 * Takes `span` into the draft. With overlap off, draft spans it overlaps give way to it: accepting
 * one annotator's boundary over the majority's is the point of the key, not an error.
 */
function acceptInto(editor: SpanEditorState, span: Span, rules: SpanRules): SpanEditorState {
  const kept = rules.allowOverlap ? editor.spans : editor.spans.filter((s) => !spansOverlap(s, span) || sameSpan(s, span));
  try {
    return { ...editor, spans: addSpan(kept, span, rules), anchor: null, editing: null, drawn: null, refusal: null };
  } catch (error) {
    if (error instanceof SpanError) return { ...editor, refusal: error.problems.join(" ") };
    throw error;
  }
}

export function spanReviewReducer(context: SpanEditorContext, candidates: readonly Candidate[]) {
  const edit = spanEditorReducer(context);
  const { tokens } = context.tokenized;
  /** Focus moves the editor's cursor onto the candidate, so Shift+arrows then edit that span's boundary. */
  const focusOn = (state: SpanReviewState, index: number): SpanReviewState => {
    const candidate = candidates[index];
    if (!candidate) return state;
    return {
      ...state,
      focus: index,
      editor: { ...state.editor, cursor: tokenIndexAt(tokens, candidate.span.start), anchor: null, editing: null, drawn: null, refusal: null },
    };
  };
  const withoutRejection = (rejected: readonly Span[], span: Span) => rejected.filter((s) => !sameSpan(s, span));

  return (state: SpanReviewState, action: SpanReviewAction): SpanReviewState => {
    const focused = state.focus === null ? undefined : candidates[state.focus];
    switch (action.kind) {
      case "focus": {
        if (candidates.length === 0) return state;
        const from = state.focus ?? -1;
        const to = action.to === "next" ? Math.min(candidates.length - 1, from + 1) : Math.max(0, from - 1);
        return focusOn(state, to);
      }
      case "focusOn":
        return focusOn(state, action.index);
      case "acceptFocused": {
        if (!focused) return state;
        const editor = acceptInto(state.editor, focused.span, context.rules);
        return { ...state, editor, rejected: editor.refusal ? state.rejected : withoutRejection(state.rejected, focused.span) };
      }
      case "rejectFocused": {
        if (!focused) return state;
        const spans = state.editor.spans.filter((s) => !sameSpan(s, focused.span));
        const rejected = [...withoutRejection(state.rejected, focused.span), focused.span];
        return { ...state, rejected, editor: { ...state.editor, spans, anchor: null, editing: null, drawn: null, refusal: null } };
      }
      case "acceptRow": {
        const row = action.row ?? focused?.row;
        if (row === undefined) return state;
        let editor = state.editor;
        let rejected = state.rejected;
        const problems: string[] = [];
        for (const candidate of candidates.filter((c) => c.row === row)) {
          const next = acceptInto(editor, candidate.span, context.rules);
          if (next.refusal) problems.push(next.refusal);
          else {
            editor = next;
            rejected = withoutRejection(rejected, candidate.span);
          }
        }
        return { ...state, rejected, editor: { ...editor, refusal: problems.length > 0 ? problems.join(" ") : null } };
      }
      case "edit":
        return { ...state, editor: edit(state.editor, action.action) };
    }
  };
}
