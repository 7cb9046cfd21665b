"use client";
// The action bar under an item on the annotate page, shared by the classification and span views:
// submit, skip (with its optional reason), undo, guidelines and the key list. Each view keeps its
// own keyboard handling and says what submitting means.
import type { RefObject } from "react";
import { KeyHelpTable, type KeyHelp } from "./key-help-table";

export type AnnotatePanel = "none" | "skip" | "help";

export function AnnotateActions({
  hasItem,
  onSubmit,
  onUndo,
  onToggleGuidelines,
  panel,
  setPanel,
  skipRef,
  skipReason,
  setSkipReason,
  confirmSkip,
  keyHelp,
}: {
  hasItem: boolean;
  onSubmit: () => void;
  onUndo: () => void;
  onToggleGuidelines: () => void;
  panel: AnnotatePanel;
  setPanel: (panel: AnnotatePanel) => void;
  skipRef: RefObject<HTMLInputElement | null>;
  skipReason: string;
  setSkipReason: (reason: string) => void;
  confirmSkip: () => void;
  keyHelp: readonly KeyHelp[];
}) {
  return (
    <>
      <div className="buttons">
        <button type="button" disabled={!hasItem} onClick={onSubmit} data-testid="submit">
          Submit <kbd>Enter</kbd>
        </button>
        <button type="button" disabled={!hasItem} onClick={() => setPanel("skip")}>
          Skip <kbd>s</kbd>
        </button>
        <button type="button" onClick={onUndo} data-testid="undo">
          Undo <kbd>u</kbd>
        </button>
        <button type="button" onClick={onToggleGuidelines}>
          Guidelines <kbd>g</kbd>
        </button>
        <button type="button" onClick={() => setPanel(panel === "help" ? "none" : "help")}>
          Keys <kbd>?</kbd>
        </button>
      </div>
      {panel === "skip" && (
        <div className="skip-panel">
          <input
            ref={skipRef}
            placeholder="Reason for skipping (optional), Enter to skip, Esc to cancel"
            value={skipReason}
            maxLength={500}
            onChange={(e) => setSkipReason(e.target.value)}
            data-testid="skip-reason"
          />
          <button type="button" onClick={confirmSkip}>
            Skip item
          </button>
        </div>
      )}
      {panel === "help" && <KeyHelpTable rows={keyHelp} />}
    </>
  );
}
