"use client";
// The spans beside the text: the annotator's own, then the suggested ones still to answer, each
// with its type, text and offsets, so they can be checked (and removed) without reading colours.
import { memo } from "react";
import type { TextOffsets } from "@/lib/spans/offsets";
import type { Span } from "@/lib/spans/span-set";

type Props = {
  spans: Span[];
  suggested: Span[];
  offsets: TextOffsets;
  colours: ReadonlyMap<string, string>;
  onRemove: (span: Span) => void;
};

export const SpanList = memo(function SpanList({ spans, suggested, offsets, colours, onRemove }: Props) {
  return (
    <aside className="span-list" aria-label="Marked spans">
      <h2>Marked spans ({spans.length})</h2>
      {spans.length === 0 ? (
        <p className="muted">None yet: select text and press a type’s key.</p>
      ) : (
        <table data-testid="span-list">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Text</th>
              <th scope="col">Offsets</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {spans.map((span) => (
              <SpanRow key={`${span.start}-${span.end}-${span.label}`} span={span} offsets={offsets} colour={colours.get(span.label)}>
                <button type="button" onClick={() => onRemove(span)} aria-label={`Remove ${span.label}: ${offsets.slice(span.start, span.end)}`}>
                  ×
                </button>
              </SpanRow>
            ))}
          </tbody>
        </table>
      )}
      {suggested.length > 0 && (
        <>
          <h2>Suggested, to answer ({suggested.length})</h2>
          <p className="muted">
            <kbd>y</kbd> accepts the one under the cursor, <kbd>n</kbd> rejects it, <kbd>a</kbd> accepts all, <kbd>x</kbd> rejects all.
          </p>
          <table data-testid="suggested-span-list">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Text</th>
                <th scope="col">Offsets</th>
              </tr>
            </thead>
            <tbody>
              {suggested.map((span) => (
                <SpanRow key={`${span.start}-${span.end}-${span.label}`} span={span} offsets={offsets} colour={colours.get(span.label)} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </aside>
  );
});

function SpanRow({ span, offsets, colour, children }: { span: Span; offsets: TextOffsets; colour: string | undefined; children?: React.ReactNode }) {
  return (
    <tr>
      <td>
        <span className="span-swatch" style={{ background: colour }} aria-hidden="true" /> {span.label}
      </td>
      <td className="span-list-text">{offsets.slice(span.start, span.end)}</td>
      <td>
        {span.start}–{span.end}
      </td>
      {children !== undefined && <td>{children}</td>}
    </tr>
  );
}
