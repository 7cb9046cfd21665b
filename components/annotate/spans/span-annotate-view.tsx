"use client";
/**
 * The annotate page of a spans project: the item text with its spans, the entity types with their
 * keys, the marked and suggested spans beside the text, and the same queue, "not sure", skip, note,
 * undo and guidelines as classification (components/annotate/annotate-view.tsx). Keyboard first:
 * see span-keys.ts; the editing rules are the pure reducer in span-editor.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { TokenizedText } from "@/lib/spans/tokens";
import type { Span } from "@/lib/spans/span-set";
import { suggestionSourceLine } from "@/lib/annotate/suggestion-view";
import { ItemMetadata } from "@/components/ui/item-metadata";
import { GuidelinesPanel } from "../guidelines-panel";
import { useAnnotationQueue, type Draft } from "../use-annotation-queue";
import type { AnnotateLabel } from "../annotate-view";
import { SPAN_KEY_HELP, spanCommandForKey } from "./span-keys";
import {
  cursorRange,
  initialSpanEditorState,
  ownSpanAtCursor,
  selectionOf,
  spanEditorReducer,
  suggestedSpanAtCursor,
  type SpanEditorAction,
  type SpanEditorState,
} from "./span-editor";
import { baseCuts, textSegments } from "./span-segments";
import { SpanText } from "./span-text";
import { SpanList } from "./span-list";
import type { SpanSettings } from "@/lib/projects/workflow-settings";
import { AnnotateActions, type AnnotatePanel } from "../annotate-actions";

type Props = {
  slug: string;
  projectName: string;
  /** Labels of kind "entity": the span types. */
  entityTypes: AnnotateLabel[];
  /** Labels of kind "item": optional labels of the whole item, toggled. */
  itemLabels: AnnotateLabel[];
  guidelines: string;
  options: Pick<SpanSettings, "characterLevel" | "allowOverlap">;
};

type Panel = AnnotatePanel;

const NO_DRAFT: Draft = { labels: [], notSure: false, notSureReason: "", note: "", rejectedSuggestion: false };

export function SpanAnnotateView({ slug, projectName, entityTypes, itemLabels, guidelines, options }: Props) {
  const queue = useAnnotationQueue(slug);
  const { current, progress, loading, error } = queue;
  const draft = useMemo(() => current?.draft ?? NO_DRAFT, [current]);
  const [panel, setPanel] = useState<Panel>("none");
  const [showGuidelines, setShowGuidelines] = useState(false);
  const [showRationale, setShowRationale] = useState(false);
  const [skipReason, setSkipReason] = useState("");
  const notSureRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const skipRef = useRef<HTMLInputElement>(null);
  const [focusTarget, setFocusTarget] = useState<"reason" | "skip" | "note" | null>(null);
  useEffect(() => {
    if (!focusTarget) return;
    const field = { reason: notSureRef, skip: skipRef, note: noteRef }[focusTarget].current;
    if (!field) return;
    field.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const item = current?.item ?? null;
  const itemId = item?.id ?? null;
  const itemText = item?.text ?? "";
  // Segmenting is done once per item (about 0.2 s at 100,000 characters, bench/spans-tokens.ts).
  const tokenized = useMemo(() => (itemId === null ? null : new TokenizedText(itemText)), [itemId, itemText]);
  const typeNames = useMemo(() => entityTypes.map((t) => t.name), [entityTypes]);
  const colours = useMemo(() => new Map(entityTypes.map((t) => [t.name, t.color])), [entityTypes]);
  const reduce = useMemo(
    () =>
      tokenized
        ? spanEditorReducer({
            tokenized,
            rules: { text: tokenized.offsets, labels: typeNames, allowOverlap: options.allowOverlap },
            mode: options.characterLevel ? "character" : "token",
          })
        : null,
    [options.allowOverlap, options.characterLevel, tokenized, typeNames],
  );

  const suggestion = item?.suggestion && !item.suggestion.withheld ? item.suggestion : null;
  const suggestedSpans = useMemo(() => suggestion?.spans ?? [], [suggestion]);
  const initialSpans = current?.draft.spans;
  const initial = useMemo(() => initialSpanEditorState(initialSpans ?? [], suggestedSpans), [initialSpans, suggestedSpans]);
  const [editor, setEditor] = useState<{ itemId: number; state: SpanEditorState } | null>(null);
  const state = editor && editor.itemId === itemId ? editor.state : initial;

  const dispatch = useCallback(
    (action: SpanEditorAction) => {
      if (itemId === null || !reduce) return;
      setEditor((previous) => ({ itemId, state: reduce(previous && previous.itemId === itemId ? previous.state : initial, action) }));
    },
    [initial, itemId, reduce],
  );

  const tokens = tokenized?.tokens;
  const cursor = useMemo(() => (tokens ? cursorRange(state, tokens) : null), [state, tokens]);
  const selection = useMemo(() => (tokens ? selectionOf(state, tokens) : null), [state, tokens]);
  const cuts = useMemo(() => (tokenized ? baseCuts(tokenized.offsets) : null), [tokenized]);
  const segments = useMemo(
    () => (tokenized && cuts ? textSegments(tokenized.offsets, state.spans, state.suggested, cuts) : []),
    [cuts, state.spans, state.suggested, tokenized],
  );

  const change = useCallback((patch: Partial<Draft>) => queue.setDraft({ ...draft, ...patch }), [draft, queue]);

  const submit = useCallback(() => {
    if (!current) return;
    queue.submit({ ...draft, spans: state.spans });
    setPanel("none");
    setShowRationale(false);
    (document.activeElement as HTMLElement | null)?.blur();
  }, [current, draft, queue, state.spans]);

  const confirmSkip = useCallback(() => {
    queue.skip(skipReason.trim());
    setSkipReason("");
    setPanel("none");
    skipRef.current?.blur();
  }, [queue, skipReason]);

  const toggleItemLabel = useCallback(
    (name: string) => change({ labels: draft.labels.includes(name) ? draft.labels.filter((l) => l !== name) : [...draft.labels, name] }),
    [change, draft.labels],
  );

  const onHotkey = useCallback(
    (key: string) => {
      const type = entityTypes.find((t) => t.hotkey === key);
      if (type) return dispatch({ kind: "mark", label: type.name });
      const label = itemLabels.find((l) => l.hotkey === key);
      if (label) toggleItemLabel(label.name);
    },
    [dispatch, entityTypes, itemLabels, toggleItemLabel],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const inTextField = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
      const command = spanCommandForKey(event, inTextField);
      if (!command) return;
      if (command.kind === "submit" && inTextField && target?.tagName === "TEXTAREA" && event.shiftKey) return;
      // A focused button answers Enter itself (remove a span, accept...); do not submit over it.
      if (command.kind === "submit" && target?.tagName === "BUTTON") return;
      event.preventDefault();
      switch (command.kind) {
        case "move":
          dispatch({ kind: "move", to: command.to, extend: command.extend });
          break;
        case "hotkey":
          onHotkey(command.key);
          break;
        case "removeSpan":
          dispatch({ kind: "removeUnderCursor" });
          break;
        case "acceptAllSuggested":
          dispatch({ kind: "acceptAllSuggested" });
          break;
        case "rejectAllSuggested":
          dispatch({ kind: "rejectAllSuggested" });
          break;
        case "yes":
          if (tokens && suggestedSpanAtCursor(state, tokens)) dispatch({ kind: "acceptSuggested" });
          else onHotkey("y");
          break;
        case "no":
          if (tokens && suggestedSpanAtCursor(state, tokens)) {
            dispatch({ kind: "rejectSuggested" });
          } else if (current) {
            const on = !draft.notSure;
            change({ notSure: on });
            if (on) setFocusTarget("reason");
          }
          break;
        case "submit":
          if (target === skipRef.current) confirmSkip();
          else submit();
          break;
        case "skip":
          if (!current) break;
          setPanel("skip");
          setFocusTarget("skip");
          break;
        case "undo":
          queue.undo();
          break;
        case "note":
          setFocusTarget("note");
          break;
        case "guidelines":
          setShowGuidelines((v) => !v);
          break;
        case "help":
          setPanel((p) => (p === "help" ? "none" : "help"));
          break;
        case "toggleRationale":
          setShowRationale((v) => !v);
          break;
        case "escape":
          (document.activeElement as HTMLElement | null)?.blur();
          setPanel("none");
          dispatch({ kind: "clearSelection" });
          break;
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [change, confirmSkip, current, dispatch, draft.notSure, onHotkey, queue, state, submit, tokens]);

  const onDraw = useCallback((start: number, end: number) => dispatch({ kind: "draw", start, end }), [dispatch]);
  const onRemove = useCallback((span: Span) => dispatch({ kind: "removeSpan", span }), [dispatch]);
  const underCursor = tokens ? (ownSpanAtCursor(state, tokens) ?? suggestedSpanAtCursor(state, tokens)) : null;
  const underCursorIsSuggested = !!underCursor && !!tokens && !ownSpanAtCursor(state, tokens);
  const cursorToken = tokens?.[state.cursor];

  return (
    <div className={`annotate ${showGuidelines ? "with-guidelines" : ""}`}>
      <section className="annotate-main" aria-label="Item to annotate">
        <header className="annotate-header">
          <h1>{projectName}</h1>
          <p className="progress" data-testid="progress">
            {progress ? `${progress.done} done · ${progress.remaining} remaining` : "…"}
          </p>
          {progress && progress.total > 0 && (
            <progress max={progress.done + progress.remaining || 1} value={progress.done} aria-label="Your progress" />
          )}
        </header>

        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}

        <div className="span-types" role="group" aria-label="Entity types">
          {entityTypes.map((t) => (
            <button
              key={t.name}
              type="button"
              className="label-button span-type"
              style={{ borderColor: t.color }}
              title={t.description}
              disabled={!current}
              data-testid={`type-${t.name}`}
              // Mouse users select text, then click the type; the selection lives in the editor.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => dispatch({ kind: "mark", label: t.name })}
            >
              {t.hotkey && <kbd>{t.hotkey}</kbd>} {t.name}
            </button>
          ))}
        </div>

        {current && tokenized ? (
          <div className="span-workspace">
            <article className="item" data-testid="item" data-item-id={current.item.id}>
              <p className="item-id">#{current.item.externalId}</p>
              {suggestion && (
                <p className="suggestion-source muted" data-testid="span-suggestion-source">
                  Suggested spans from {suggestionSourceLine(suggestion)} are outlined with dashes.
                  {showRationale && suggestion.rationale && <span className="suggestion-rationale"> {suggestion.rationale}</span>}
                </p>
              )}
              <SpanText offsets={tokenized.offsets} segments={segments} colours={colours} cursor={cursor} selection={selection} onDraw={onDraw} />
              <p className="span-status muted" aria-live="polite" data-testid="span-status">
                {cursorToken ? `Cursor on “${cursorToken.text}”` : "No tokens in this text"}
                {selection ? ` · selected “${tokenized.offsets.slice(selection.start, selection.end)}”` : ""}
                {underCursor ? ` · in ${underCursorIsSuggested ? "suggested " : ""}${underCursor.label}` : ""}
              </p>
              {state.refusal && (
                <p role="alert" className="error" data-testid="span-refusal">
                  {state.refusal}
                </p>
              )}
              <ItemMetadata metadata={current.item.metadata} />
            </article>
            <SpanList spans={state.spans} suggested={state.suggested} offsets={tokenized.offsets} colours={colours} onRemove={onRemove} />
          </div>
        ) : (
          <p className="empty" data-testid="queue-empty" role={queue.paused ? "status" : undefined}>
            {loading
              ? "Loading the next item…"
              : queue.paused
                ? "Your work on this project is paused. Contact the project lead to talk it through and resume."
                : "Nothing left to annotate for you in this project. Thank you!"}
          </p>
        )}

        {itemLabels.length > 0 && (
          <div className="labels" role="group" aria-label="Item labels">
            {itemLabels.map((l) => {
              const chosen = draft.labels.includes(l.name);
              return (
                <button
                  key={l.name}
                  type="button"
                  className={`label-button ${chosen ? "chosen" : ""}`}
                  style={{ borderColor: l.color, background: chosen ? l.color : undefined }}
                  aria-pressed={chosen}
                  title={l.description}
                  disabled={!current}
                  data-testid={`label-${l.name}`}
                  onClick={() => toggleItemLabel(l.name)}
                >
                  {l.hotkey && <kbd>{l.hotkey}</kbd>} {l.name}
                </button>
              );
            })}
          </div>
        )}

        <div className="annotate-controls">
          <label className="not-sure">
            <input type="checkbox" checked={draft.notSure} disabled={!current} onChange={(e) => change({ notSure: e.target.checked })} data-testid="not-sure" />
            Not sure <kbd>n</kbd>
          </label>
          {draft.notSure && (
            <input
              ref={notSureRef}
              className="not-sure-reason"
              placeholder="Why not sure? (optional, Enter to submit)"
              value={draft.notSureReason}
              maxLength={2000}
              onChange={(e) => change({ notSureReason: e.target.value })}
              data-testid="not-sure-reason"
            />
          )}
          <textarea
            ref={noteRef}
            className="note"
            placeholder="Note (c)"
            rows={1}
            value={draft.note}
            maxLength={2000}
            disabled={!current}
            onChange={(e) => change({ note: e.target.value })}
            data-testid="note"
          />
          <AnnotateActions
            hasItem={!!current}
            onSubmit={submit}
            onUndo={() => queue.undo()}
            onToggleGuidelines={() => setShowGuidelines((v) => !v)}
            panel={panel}
            setPanel={setPanel}
            skipRef={skipRef}
            skipReason={skipReason}
            setSkipReason={setSkipReason}
            confirmSkip={confirmSkip}
            keyHelp={SPAN_KEY_HELP}
          />
        </div>
      </section>
      {showGuidelines && <GuidelinesPanel markdown={guidelines} labels={[...entityTypes, ...itemLabels]} />}
    </div>
  );
}
