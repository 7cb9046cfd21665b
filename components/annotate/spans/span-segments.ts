/**
 * The item text cut into runs at every span boundary, so the page renders one element per run
 * (a few hundred for a 100,000-character text) instead of one per token, and a key press that only
 * moves the cursor re-renders none of them (the cursor is a CSS highlight, span-text.tsx).
 *
 * Runs are grouped in paragraphs (a paragraph ends after a line feed), each rendered as its own
 * block: marking a span then lays out one paragraph again instead of the whole text (measured in a
 * 100,000-character text: about 3 ms against 35–50 ms as one block). Long stretches without spans
 * are also cut every ~2,000 characters at a space, which keeps the browser's work for a highlight
 * local to a small text node. A paragraph longer than LONG_PARAGRAPH_UNITS (a text with no line
 * feeds at all, say) would still be laid out whole on every mark (p95 72 ms per key press at
 * 100,000 characters in one line), so its ~2,000-character pieces become blocks too: such a text
 * shows a line break at a space every ~2,000 characters, which its words and offsets never see.
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
  /** Position in the text's runs, from 0. */
  index: number;
  /** Which paragraph (block) the run belongs to, from 0, and its position there. */
  paragraph: number;
  indexInParagraph: number;
}

/** Where the text is cut whatever its spans: after each line feed (paragraph ends) and in long stretches. */
export interface BaseCuts {
  cuts: number[];
  paragraphEnds: Set<number>;
}

const PIECE_UNITS = 2000;
const LONG_PARAGRAPH_UNITS = 10_000;

/** Computed once per item text (O(length)); textSegments adds the span boundaries to them. */
export function baseCuts(offsets: TextOffsets): BaseCuts {
  const { text } = offsets;
  const cuts: number[] = [];
  const paragraphEnds = new Set<number>();
  let pieceStart = 0;
  let longParagraph = isLongParagraph(text, 0);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit === 10) {
      const end = offsets.codePointOf(index + 1);
      cuts.push(end);
      paragraphEnds.add(end);
      pieceStart = index + 1;
      longParagraph = isLongParagraph(text, index + 1);
    } else if (index - pieceStart >= PIECE_UNITS && unit === 32) {
      const end = offsets.codePointOf(index + 1);
      cuts.push(end);
      if (longParagraph) paragraphEnds.add(end);
      pieceStart = index + 1;
    }
  }
  return { cuts, paragraphEnds };
}

function isLongParagraph(text: string, start: number): boolean {
  const lineFeed = text.indexOf("\n", start);
  return (lineFeed === -1 ? text.length : lineFeed + 1) - start > LONG_PARAGRAPH_UNITS;
}

export function textSegments(offsets: TextOffsets, own: readonly Span[], suggested: readonly Span[], base: BaseCuts = baseCuts(offsets)): TextSegment[] {
  const cuts = new Set<number>([0, offsets.codePointCount, ...base.cuts]);
  for (const span of [...own, ...suggested]) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const sorted = [...cuts].filter((c) => c >= 0 && c <= offsets.codePointCount).sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  let paragraph = 0;
  let indexInParagraph = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    const start16 = offsets.utf16Of(start);
    const end16 = offsets.utf16Of(end);
    const covers = (span: Span) => span.start <= start && end <= span.end;
    segments.push({ start, end, start16, end16, text: offsets.text.slice(start16, end16), own: own.filter(covers), suggested: suggested.filter(covers), index: i, paragraph, indexInParagraph });
    indexInParagraph++;
    if (base.paragraphEnds.has(end)) {
      paragraph++;
      indexInParagraph = 0;
    }
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
