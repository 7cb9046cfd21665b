"use client";
import { suggestionSourceLine, type SuggestionView } from "@/lib/annotate/suggestion-view";
import type { AnnotateLabel } from "./annotate-view";

type Props = {
  suggestion: SuggestionView | null | undefined;
  labels: AnnotateLabel[];
  rejected: boolean;
  showRationale: boolean;
  onAccept: () => void;
  onReject: () => void;
  onToggleRationale: () => void;
};

/**
 * The item's suggestion beside the label buttons: what it suggests, how sure, where it came from,
 * and why on request. It never selects a label by itself; only `a` or Accept submits its labels.
 * A withheld suggestion (anchoring control) renders nothing at all.
 */
export function SuggestionPanel({ suggestion, labels, rejected, showRationale, onAccept, onReject, onToggleRationale }: Props) {
  if (!suggestion || suggestion.withheld) return null;
  const colour = (name: string) => labels.find((l) => l.name === name)?.color;
  return (
    <aside
      className={`suggestion suggestion-${suggestion.sourceKind} ${rejected ? "rejected" : ""}`}
      aria-label="Suggestion"
      data-testid="suggestion"
      data-suggestion-id={suggestion.id}
      data-source={suggestion.sourceKind}
    >
      <p className="suggestion-source" data-testid="suggestion-source">
        {suggestionSourceLine(suggestion)}
      </p>
      <p className="suggestion-labels">
        Suggests{" "}
        {suggestion.labels.map((name) => (
          <strong key={name} style={{ borderColor: colour(name) }} data-testid="suggestion-label">
            {name}
          </strong>
        ))}
        {suggestion.confidence !== null && <span className="muted"> · {Math.round(suggestion.confidence * 100)}% confident</span>}
      </p>
      {rejected ? (
        <p className="muted" data-testid="suggestion-rejected">
          Rejected: choose the right label.
        </p>
      ) : (
        <div className="buttons">
          <button type="button" onClick={onAccept} data-testid="suggestion-accept">
            Accept <kbd>a</kbd>
          </button>
          <button type="button" onClick={onReject} data-testid="suggestion-reject">
            Reject <kbd>x</kbd>
          </button>
          {suggestion.rationale && (
            <button type="button" className="link" onClick={onToggleRationale} aria-expanded={showRationale}>
              {showRationale ? "Hide why" : "Why?"} <kbd>r</kbd>
            </button>
          )}
        </div>
      )}
      {/* Model output is untrusted like item text: rendered as text only. */}
      {showRationale && suggestion.rationale && (
        <p className="suggestion-rationale" data-testid="suggestion-rationale">
          {suggestion.rationale}
        </p>
      )}
    </aside>
  );
}
