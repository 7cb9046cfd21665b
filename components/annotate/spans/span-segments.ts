/**
 * The item text cut into runs at every span boundary, so the page renders one element per run
 * (a handful for a 100,000-character text) instead of one per token, and a key press that only
 * moves the cursor re-renders none of them (the cursor is a CSS highlight, span-text.tsx).
 */
import type { TextOffsets } from "@/lib/spans/offsets";
import type { Span } from "@/lib/spans/span-set";

export interface TextSegment {
  /** Code points, end exclusive. */
  start: number;
  end: number;
  /** UTF-16 offsets, for the DOM. */
  start16: number;
  end16: number;
  text: string;
  /** The annotator's spans covering this run. */
  own: Span[];
  /** Suggested spans (not yet answered) covering this run. */
  suggested: Span[];
}

export function textSegments(offsets: TextOffsets, own: readonly Span[], suggested: readonly Span[]): TextSegment[] {
  const cuts = new Set<number>([0, offsets.codePointCount]);
  for (const span of [...own, ...suggested]) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const sorted = [...cuts].filter((c) => c >= 0 && c <= offsets.codePointCount).sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    const start16 = offsets.utf16Of(start);
    const end16 = offsets.utf16Of(end);
    const covers = (span: Span) => span.start <= start && end <= span.end;
    segments.push({ start, end, start16, end16, text: offsets.text.slice(start16, end16), own: own.filter(covers), suggested: suggested.filter(covers) });
  }
  return segments;
}

/** How a mark names what it covers: `person: Ada Lovelace`, `suggested place: London`. */
export function markLabel(segment: TextSegment, offsets: TextOffsets): string {
  const own = segment.own.map((span) => `${span.label}: ${offsets.slice(span.start, span.end)}`);
  const suggested = segment.suggested.map((span) => `suggested ${span.label}: ${offsets.slice(span.start, span.end)}`);
  return [...own, ...suggested].join("; ");
}

/** Index of the segment holding a UTF-16 offset (the last one for the text's end). */
export function segmentIndexAt16(segments: readonly TextSegment[], offset16: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle]!.end16 > offset16) high = middle;
    else low = middle + 1;
  }
  return Math.min(low, segments.length - 1);
}
