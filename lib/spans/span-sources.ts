import { compareSpans, normaliseSpans, type Span } from "./span-set";

/**
 * Which annotators' spans a review decision took: for each decided span, the annotators whose
 * current annotation holds a span with the same start, end and type. Computed on the server from
 * the stored annotations (db/queries/review.ts adjudicate), never taken from the client, so the
 * record of "whose work was accepted" cannot be claimed by whoever sends the decision.
 *
 * A decided span no annotator marked exactly (a boundary the reviewer moved, a span they added)
 * has `from: []`. Annotator ids are listed once each, sorted, so the stored JSON is deterministic.
 */

export interface SourcedSpan extends Span {
  from: string[];
}

export function decidedSpanSources(decided: readonly Span[], annotations: readonly { annotatorId: string; spans: readonly Span[] }[]): SourcedSpan[] {
  const keyOf = (span: Span) => `${span.start}:${span.end}:${span.label}`;
  const markedBy = new Map<string, Set<string>>();
  for (const { annotatorId, spans } of annotations) {
    for (const span of spans) {
      const key = keyOf(span);
      markedBy.set(key, (markedBy.get(key) ?? new Set()).add(annotatorId));
    }
  }
  return normaliseSpans(decided)
    .sort(compareSpans)
    .map((span) => ({ ...span, from: [...(markedBy.get(keyOf(span)) ?? [])].sort() }));
}
