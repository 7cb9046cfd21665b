"use client";
/**
 * The decision for one item of a spans project: every annotator's spans aligned on the text
 * (annotator-span-rows.tsx), the decision draft below them (pre-filled with the majority, edited
 * with the annotator's span editor: span-review-model.ts), item labels if the project has any, a
 * rationale, and Decide / Send back. Keyboard first (span-review-keys.ts); the mouse works too.
 * Mounted once per item (keyed by the item id), so a new item starts from its own majority.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { TokenizedText } from "@/lib/spans/tokens";
import type { Span } from "@/lib/spans/span-set";
import type { AnnotateLabel } from "@/components/annotate/annotate-view";
import { cursorRange, selectionOf, ownSpanAtCursor } from "@/components/annotate/spans/span-editor";
import { baseCuts, textSegments } from "@/components/annotate/spans/span-segments";
import { SpanText } from "@/components/annotate/spans/span-text";
import { SpanList } from "@/components/annotate/spans/span-list";
import { FieldErrors } from "@/components/ui/field-errors";
import type { ApiProblem } from "@/components/ui/api-client";
import { AnnotatorSpanRows } from "./annotator-span-rows";
import { annotatorRows, candidatesOf, candidateStatus, initialSpanReviewState, spanReviewReducer, type SpanReviewAction, type SpanReviewState } from "./span-review-model";
import { SPAN_REVIEW_KEY_HELP, spanReviewCommandForKey } from "./span-review-keys";
import type { ReviewDetail } from "../review-types";
import { KeyHelpTable } from "@/components/annotate/key-help-table";

export type SpanReviewConfig = {
  entityTypes: AnnotateLabel[];
  itemLabels: AnnotateLabel[];
  characterLevel: boolean;
  allowOverlap: boolean;
  /** A span stands when more than this share of the annotators marked it (the project's setting). */
  majority: number;
};

type Props = {
  detail: ReviewDetail;
  config: SpanReviewConfig;
  pending: boolean;
  error: { message: string; problems: ApiProblem[] } | null;
  onDecide: (body: { action: "decide"; labels: string[]; spans: Span[]; rationale: string }) => void;
  onSendBack: (body: { action: "send_back"; extra: number; rationale: string }) => void;
};

export function SpanReviewDecision({ detail, config, pending, error, onDecide, onSendBack }: Props) {
  const text = detail.item.text;
  const tokenized = useMemo(() => new TokenizedText(text), [text]);
  const cuts = useMemo(() => baseCuts(tokenized.offsets), [tokenized]);
  const rows = useMemo(() => annotatorRows(detail.annotations), [detail.annotations]);
  const candidates = useMemo(() => candidatesOf(rows), [rows]);
  const typeNames = useMemo(() => config.entityTypes.map((t) => t.name), [config.entityTypes]);
  const colours = useMemo(() => new Map(config.entityTypes.map((t) => [t.name, t.color])), [config.entityTypes]);
  const reduce = useMemo(
    () =>
      spanReviewReducer(
        { tokenized, rules: { text: tokenized.offsets, labels: typeNames, allowOverlap: config.allowOverlap }, mode: config.characterLevel ? "character" : "token" },
        candidates,
      ),
    [candidates, config.allowOverlap, config.characterLevel, tokenized, typeNames],
  );
  const [state, setState] = useState<SpanReviewState>(() => initialSpanReviewState(rows, config.majority));
  const dispatch = useCallback((action: SpanReviewAction) => setState((s) => reduce(s, action)), [reduce]);
  // Item labels start from those a majority of the annotators chose, as spans do.
  const [labels, setLabels] = useState<string[]>(() => majorityLabels(detail, config));
  const [rationale, setRationale] = useState("");
  const [showHelp, setShowHelp] = useState(false);
  const rationaleRef = useRef<HTMLInputElement>(null);

  const decide = useCallback(() => onDecide({ action: "decide", labels, spans: state.editor.spans, rationale }), [labels, onDecide, rationale, state.editor.spans]);
  const sendBack = useCallback(() => onSendBack({ action: "send_back", extra: 1, rationale }), [onSendBack, rationale]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const inTextField = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
      const command = spanReviewCommandForKey(event, inTextField);
      if (!command) return;
      // A focused button answers Enter itself.
      if (command.kind === "decide" && target?.tagName === "BUTTON") return;
      switch (command.kind) {
        case "focus":
          dispatch({ kind: "focus", to: command.to });
          break;
        case "move":
          dispatch({ kind: "edit", action: { kind: "move", to: command.to, extend: command.extend } });
          break;
        case "accept":
          dispatch({ kind: "acceptFocused" });
          break;
        case "reject":
          dispatch({ kind: "rejectFocused" });
          break;
        case "acceptRow":
          dispatch({ kind: "acceptRow" });
          break;
        case "removeSpan":
          dispatch({ kind: "edit", action: { kind: "removeUnderCursor" } });
          break;
        case "hotkey": {
          const type = config.entityTypes.find((t) => t.hotkey === command.key);
          if (!type) return;
          dispatch({ kind: "edit", action: { kind: "mark", label: type.name } });
          break;
        }
        case "decide":
          if (pending) return;
          (document.activeElement as HTMLElement | null)?.blur();
          decide();
          break;
        case "sendBack":
          if (pending) return;
          sendBack();
          break;
        case "rationale":
          setTimeout(() => rationaleRef.current?.focus(), 0);
          break;
        case "escape":
          target?.blur();
          dispatch({ kind: "edit", action: { kind: "clearSelection" } });
          break;
      }
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [config.entityTypes, decide, dispatch, pending, sendBack]);

  const { tokens } = tokenized;
  const focused = state.focus === null ? null : (candidates[state.focus] ?? null);
  // The focused span, when the decision does not hold it, is outlined in the decision as a candidate.
  const focusedOpen = useMemo(() => (focused && candidateStatus(state, focused.span) !== "accepted" ? [focused.span] : []), [focused, state]);
  const segments = useMemo(() => textSegments(tokenized.offsets, state.editor.spans, focusedOpen, cuts), [cuts, focusedOpen, state.editor.spans, tokenized]);
  const cursor = useMemo(() => cursorRange(state.editor, tokens), [state.editor, tokens]);
  const selection = useMemo(() => selectionOf(state.editor, tokens), [state.editor, tokens]);
  const statusOf = useCallback((span: Span) => candidateStatus(state, span), [state]);
  const onDraw = useCallback((start: number, end: number) => dispatch({ kind: "edit", action: { kind: "draw", start, end } }), [dispatch]);
  const onRemove = useCallback((span: Span) => dispatch({ kind: "edit", action: { kind: "removeSpan", span } }), [dispatch]);
  const onFocus = useCallback((index: number) => dispatch({ kind: "focusOn", index }), [dispatch]);
  const onAcceptRow = useCallback((row: number) => dispatch({ kind: "acceptRow", row }), [dispatch]);
  const underCursor = ownSpanAtCursor(state.editor, tokens);
  const offsets = tokenized.offsets;

  return (
    <div className="span-review" data-testid="span-review">
      <h3>Annotators’ spans</h3>
      {rows.length === 0 ? (
        <p className="muted">No annotator has spans in force on this item.</p>
      ) : (
        <AnnotatorSpanRows
          rows={rows}
          candidates={candidates}
          focus={state.focus}
          statusOf={statusOf}
          offsets={offsets}
          cuts={cuts}
          colours={colours}
          onFocus={onFocus}
          onAcceptRow={onAcceptRow}
        />
      )}
      <p className="span-status muted" aria-live="polite" data-testid="span-review-focus">
        {focused
          ? `In focus: ${rows[focused.row]!.annotator}’s ${focused.span.label} “${offsets.slice(focused.span.start, focused.span.end)}” (${candidateStatus(state, focused.span) === "open" ? "not decided" : candidateStatus(state, focused.span)})`
          : "No annotator spans to review"}
      </p>
      <div className="buttons">
        <button type="button" disabled={!focused} onClick={() => dispatch({ kind: "acceptFocused" })} data-testid="accept-focused">
          Accept <kbd>y</kbd>
        </button>
        <button type="button" disabled={!focused} onClick={() => dispatch({ kind: "rejectFocused" })} data-testid="reject-focused">
          Reject <kbd>n</kbd>
        </button>
      </div>

      <h3>Decision</h3>
      <div className="span-types" role="group" aria-label="Entity types">
        {config.entityTypes.map((t) => (
          <button
            key={t.name}
            type="button"
            className="label-button span-type"
            style={{ borderColor: t.color }}
            title={t.description}
            data-testid={`type-${t.name}`}
            // Select text in the decision, then click the type; the selection lives in the editor.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => dispatch({ kind: "edit", action: { kind: "mark", label: t.name } })}
          >
            {t.hotkey && <kbd>{t.hotkey}</kbd>} {t.name}
          </button>
        ))}
      </div>
      <div className="span-workspace">
        <div>
          <SpanText offsets={offsets} segments={segments} colours={colours} cursor={cursor} selection={selection} onDraw={onDraw} />
          <p className="span-status muted" aria-live="polite" data-testid="span-status">
            {tokens[state.editor.cursor] ? `Cursor on “${tokens[state.editor.cursor]!.text}”` : "No tokens in this text"}
            {selection ? ` · selected “${offsets.slice(selection.start, selection.end)}”` : ""}
            {underCursor ? ` · in decided ${underCursor.label}` : ""}
          </p>
          {state.editor.refusal && (
            <p role="alert" className="error" data-testid="span-refusal">
              {state.editor.refusal}
            </p>
          )}
        </div>
        <SpanList spans={state.editor.spans} suggested={[]} offsets={offsets} colours={colours} onRemove={onRemove} />
      </div>
      {config.itemLabels.length > 0 && (
        <div className="labels" role="group" aria-label="Item labels">
          {config.itemLabels.map((l) => {
            const chosen = labels.includes(l.name);
            return (
              <button
                key={l.name}
                type="button"
                className={`label-button ${chosen ? "chosen" : ""}`}
                style={{ borderColor: l.color, background: chosen ? l.color : undefined }}
                aria-pressed={chosen}
                data-testid={`review-label-${l.name}`}
                onClick={() => setLabels(chosen ? labels.filter((x) => x !== l.name) : [...labels, l.name])}
              >
                {l.name}
              </button>
            );
          })}
        </div>
      )}
      <div className="review-decision">
        <input
          ref={rationaleRef}
          placeholder="Rationale (r), Enter to decide"
          value={rationale}
          maxLength={2000}
          onChange={(e) => setRationale(e.target.value)}
          data-testid="review-rationale"
        />
        <div className="buttons">
          <button type="button" disabled={pending} onClick={decide} data-testid="span-decide">
            Decide <kbd>Enter</kbd>
          </button>
          <button type="button" disabled={pending} onClick={sendBack}>
            Send back for one more <kbd>b</kbd>
          </button>
          <button type="button" className="link" onClick={() => setShowHelp((v) => !v)}>
            Keys
          </button>
        </div>
        {showHelp && (
          <KeyHelpTable rows={SPAN_REVIEW_KEY_HELP} />
        )}
        <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      </div>
    </div>
  );
}

/** Item labels more than the majority share of the current annotations chose. */
function majorityLabels(detail: ReviewDetail, config: SpanReviewConfig): string[] {
  const current = detail.annotations.filter((a) => a.kind === "label" && !a.superseded);
  const allowed = new Set(config.itemLabels.map((l) => l.name));
  return [...allowed].filter((name) => current.filter((a) => a.labels.includes(name)).length > config.majority * current.length);
}
