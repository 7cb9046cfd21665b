"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { commandForKey, KEY_HELP } from "./annotate-keys";
import { useAnnotationQueue, type Draft } from "./use-annotation-queue";
import { GuidelinesPanel } from "./guidelines-panel";
import { SuggestionPanel } from "./suggestion-panel";
import { ItemMetadata } from "@/components/ui/item-metadata";
import type { TaskType } from "@/db/schema";
import { AnnotateActions, type AnnotatePanel } from "./annotate-actions";

export type AnnotateLabel = { name: string; description: string; hotkey: string | null; color: string };

type Props = { slug: string; projectName: string; taskType: TaskType; labels: AnnotateLabel[]; guidelines: string };

type Panel = AnnotatePanel;

const NO_DRAFT: Draft = { labels: [], notSure: false, notSureReason: "", note: "", rejectedSuggestion: false };

export function AnnotateView({ slug, projectName, taskType, labels, guidelines }: Props) {
  const queue = useAnnotationQueue(slug);
  const { current, progress, loading, error } = queue;
  const draft = useMemo(() => current?.draft ?? NO_DRAFT, [current]);
  const [panel, setPanel] = useState<Panel>("none");
  const [showGuidelines, setShowGuidelines] = useState(false);
  const [skipReason, setSkipReason] = useState("");
  // The rationale is shown on request, for the item it was requested on.
  const [rationaleFor, setRationaleFor] = useState<number | null>(null);
  const notSureRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const skipRef = useRef<HTMLInputElement>(null);
  // Focus moves once React has rendered the field (the state that shows it is set in the same
  // event): a timer could fire first under load, and the typed reason would be read as shortcuts.
  const [focusTarget, setFocusTarget] = useState<"reason" | "skip" | "note" | null>(null);
  useEffect(() => {
    if (!focusTarget) return;
    const field = { reason: notSureRef, skip: skipRef, note: noteRef }[focusTarget].current;
    if (!field) return;
    field.focus();
    setFocusTarget(null);
  }, [focusTarget]);
  const multi = taskType === "multi_label";

  const setDraft = queue.setDraft;
  const change = useCallback((patch: Partial<Draft>) => setDraft({ ...draft, ...patch }), [draft, setDraft]);

  const submit = useCallback(
    (labelsToSend: string[]) => {
      if (labelsToSend.length === 0 && !draft.notSure) return;
      queue.submit({ ...draft, labels: labelsToSend });
      setPanel("none");
      (document.activeElement as HTMLElement | null)?.blur();
    },
    [draft, queue],
  );

  const chooseLabel = useCallback(
    (name: string) => {
      if (!current) return;
      if (multi) {
        const has = draft.labels.includes(name);
        change({ labels: has ? draft.labels.filter((l) => l !== name) : [...draft.labels, name] });
      } else {
        submit([name]);
      }
    },
    [change, current, draft.labels, multi, submit],
  );

  const suggestion = current?.item.suggestion;
  const shownSuggestion = suggestion && !suggestion.withheld && !draft.rejectedSuggestion ? suggestion : null;
  const acceptSuggestion = useCallback(() => {
    if (shownSuggestion) submit(shownSuggestion.labels);
  }, [shownSuggestion, submit]);
  const rejectSuggestion = useCallback(() => {
    if (shownSuggestion) change({ rejectedSuggestion: true });
  }, [change, shownSuggestion]);
  const toggleRationale = useCallback(() => {
    if (current) setRationaleFor((id) => (id === current.item.id ? null : current.item.id));
  }, [current]);

  const confirmSkip = useCallback(() => {
    queue.skip(skipReason.trim());
    setSkipReason("");
    setPanel("none");
    skipRef.current?.blur();
  }, [queue, skipReason]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const inTextField = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
      const command = commandForKey(event, inTextField);
      if (!command) return;
      if (command.kind === "submit" && inTextField && target?.tagName === "TEXTAREA" && event.shiftKey) return;
      event.preventDefault();
      switch (command.kind) {
        case "label": {
          const label = labels.find((l) => l.hotkey === command.key);
          if (label) chooseLabel(label.name);
          break;
        }
        case "submit":
          if (target === skipRef.current) confirmSkip();
          else submit(draft.labels);
          break;
        case "toggleNotSure": {
          const on = !draft.notSure;
          change({ notSure: on });
          if (on) setFocusTarget("reason");
          break;
        }
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
        case "escape":
          (document.activeElement as HTMLElement | null)?.blur();
          setPanel("none");
          break;
        case "acceptSuggestion":
          acceptSuggestion();
          break;
        case "rejectSuggestion":
          rejectSuggestion();
          break;
        case "toggleRationale":
          toggleRationale();
          break;
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [acceptSuggestion, change, chooseLabel, confirmSkip, current, draft, labels, queue, rejectSuggestion, submit, toggleRationale]);

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

        {current ? (
          <article className="item" data-testid="item" data-item-id={current.item.id}>
            <p className="item-id">#{current.item.externalId}</p>
            {/* Item text is untrusted: React renders it as text, never as HTML. */}
            <p className="item-text" data-testid="item-text">
              {current.item.text}
            </p>
            <ItemMetadata metadata={current.item.metadata} />
          </article>
        ) : (
          <p className="empty" data-testid="queue-empty" role={queue.paused ? "status" : undefined}>
            {loading
              ? "Loading the next item…"
              : queue.paused
                ? "Your work on this project is paused. Contact the project lead to talk it through and resume."
                : "Nothing left to annotate for you in this project. Thank you!"}
          </p>
        )}

        <SuggestionPanel
          suggestion={current?.item.suggestion}
          labels={labels}
          rejected={draft.rejectedSuggestion}
          showRationale={rationaleFor !== null && rationaleFor === current?.item.id}
          onAccept={acceptSuggestion}
          onReject={rejectSuggestion}
          onToggleRationale={toggleRationale}
        />

        <div className="labels" role="group" aria-label="Labels">
          {labels.map((l) => {
            const chosen = draft.labels.includes(l.name);
            return (
              <button
                key={l.name}
                type="button"
                className={`label-button ${chosen ? "chosen" : ""}`}
                style={{ borderColor: l.color, background: chosen ? l.color : undefined }}
                aria-pressed={multi ? chosen : undefined}
                title={l.description}
                disabled={!current}
                data-testid={`label-${l.name}`}
                onClick={() => chooseLabel(l.name)}
              >
                {l.hotkey && <kbd>{l.hotkey}</kbd>} {l.name}
              </button>
            );
          })}
        </div>

        <div className="annotate-controls">
          <label className="not-sure">
            <input
              type="checkbox"
              checked={draft.notSure}
              disabled={!current}
              onChange={(e) => change({ notSure: e.target.checked })}
              data-testid="not-sure"
            />
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
            onSubmit={() => submit(draft.labels)}
            onUndo={() => queue.undo()}
            onToggleGuidelines={() => setShowGuidelines((v) => !v)}
            panel={panel}
            setPanel={setPanel}
            skipRef={skipRef}
            skipReason={skipReason}
            setSkipReason={setSkipReason}
            confirmSkip={confirmSkip}
            keyHelp={KEY_HELP}
          />
        </div>
      </section>
      {showGuidelines && <GuidelinesPanel markdown={guidelines} labels={labels} />}
    </div>
  );
}
