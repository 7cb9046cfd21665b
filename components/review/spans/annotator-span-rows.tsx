"use client";
/**
 * Every annotator's spans aligned on the item text: one row per annotator, the text repeated with
 * that annotator's spans marked, so boundaries and types can be compared by eye down the rows. Each
 * mark says whether the decision took it (accepted), the reviewer rejected it, or it is still open;
 * the one in focus is outlined. Clicking a mark focuses it; keys do the rest (span-review-keys.ts).
 * Item text is untrusted: React renders it as text.
 */
import { memo, useMemo } from "react";
import type { TextOffsets } from "@/lib/spans/offsets";
import { sameSpan, type Span } from "@/lib/spans/span-set";
import { textSegments, type BaseCuts } from "@/components/annotate/spans/span-segments";
import type { AnnotatorSpans, Candidate, CandidateStatus } from "./span-review-model";

type Props = {
  rows: readonly AnnotatorSpans[];
  candidates: readonly Candidate[];
  focus: number | null;
  statusOf: (span: Span) => CandidateStatus;
  offsets: TextOffsets;
  cuts: BaseCuts;
  colours: ReadonlyMap<string, string>;
  onFocus: (index: number) => void;
  onAcceptRow: (row: number) => void;
};

export function AnnotatorSpanRows({ rows, candidates, focus, statusOf, offsets, cuts, colours, onFocus, onAcceptRow }: Props) {
  return (
    <div className="span-review-rows" data-testid="span-review-rows">
      {rows.map((row, index) => (
        <section key={row.annotatorId} className="span-review-row" aria-label={`${row.annotator}’s spans`} data-testid="span-review-row" data-annotator={row.annotator}>
          <header>
            <strong>{row.annotator}</strong> <span className="muted">{row.spans.length === 0 ? "marked nothing" : `${row.spans.length} span(s)`}</span>{" "}
            {row.spans.length > 0 && (
              <button type="button" className="link" onClick={() => onAcceptRow(index)} data-testid="accept-row">
                Accept all from {row.annotator}
              </button>
            )}
          </header>
          <RowText
            row={index}
            spans={row.spans}
            candidates={candidates}
            focus={focus}
            statusOf={statusOf}
            offsets={offsets}
            cuts={cuts}
            colours={colours}
            onFocus={onFocus}
          />
        </section>
      ))}
    </div>
  );
}

const STATUS_WORDS: Record<CandidateStatus, string> = { accepted: "accepted", rejected: "rejected", open: "not decided" };

const RowText = memo(function RowText({
  row,
  spans,
  candidates,
  focus,
  statusOf,
  offsets,
  cuts,
  colours,
  onFocus,
}: {
  row: number;
  spans: Span[];
  candidates: readonly Candidate[];
  focus: number | null;
  statusOf: (span: Span) => CandidateStatus;
  offsets: TextOffsets;
  cuts: BaseCuts;
  colours: ReadonlyMap<string, string>;
  onFocus: (index: number) => void;
}) {
  const segments = useMemo(() => textSegments(offsets, spans, [], cuts), [cuts, offsets, spans]);
  const indexOf = (span: Span) => candidates.findIndex((c) => c.row === row && sameSpan(c.span, span));
  return (
    <div className="item-text span-review-text">
      {segments.map((segment) => {
        const span = segment.own[0];
        if (!span) return <span key={segment.start}>{segment.text}</span>;
        const index = indexOf(span);
        const status = statusOf(span);
        const ending = segment.own.filter((s) => s.end === segment.end).map((s) => s.label);
        return (
          <mark
            key={segment.start}
            className={`span-mark span-review-mark ${status}${index === focus ? " focused" : ""}`}
            style={{ "--span-colour": colours.get(span.label) ?? "#64748b" } as React.CSSProperties}
            aria-label={`${span.label}: ${offsets.slice(span.start, span.end)} (${STATUS_WORDS[status]})`}
            aria-current={index === focus ? "true" : undefined}
            data-type={ending.length > 0 ? ending.join(" + ") : undefined}
            data-testid="candidate-span"
            data-status={status}
            onClick={() => index >= 0 && onFocus(index)}
          >
            {segment.text}
          </mark>
        );
      })}
    </div>
  );
});
