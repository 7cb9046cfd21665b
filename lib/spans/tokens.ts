import { TextOffsets } from "./offsets";

/**
 * Word tokens of an item text, for snapping a selection to whole words. Intl.Segmenter (word
 * granularity) knows word boundaries in scripts without spaces (CJK, Thai) as well as in English;
 * a segment is a token when it is word-like or is punctuation or a symbol (emoji included), and
 * whitespace is never a token. The text is segmented once; every lookup after that is a binary
 * search, so a 100,000-character text stays interactive (bench/spans-tokens.ts measures it).
 */

export interface Token {
  text: string;
  /** Code point offsets (the stored convention, lib/spans/offsets.ts), end exclusive. */
  start: number;
  end: number;
  /** UTF-16 offsets, for the browser's Range and selection APIs. */
  start16: number;
  end16: number;
  wordLike: boolean;
}

/** How a project's selections become span boundaries: snapped to whole tokens, or kept as drawn. */
export type SelectionMode = "token" | "character";

const WHITESPACE_ONLY = /^\s+$/u;

// V8's segmenter (Node 20) slows down quadratically on long strings: 40,000 characters took 0.6 s
// and 100,000 took 22 s in one piece, against about 0.1 s in pieces. The text is therefore cut into
// pieces of about this many UTF-16 units, only where UAX #29 always breaks.
const PIECE_UNITS = 2000;
const WHITESPACE = /\s/u;
// A mark, format character or ZWJ after a space attaches to it (UAX #29 rule WB4), so no cut there.
const ATTACHES_TO_PREVIOUS = /[\p{M}\p{Cf}]/u;

/**
 * Where the next piece starts: the first offset at or after `from` that follows whitespace and
 * starts something that is neither whitespace nor attached to it. Word boundaries always fall there,
 * so segmenting the pieces separately gives the same tokens as segmenting the whole text.
 */
function nextCut(text: string, from: number): number {
  for (let index = Math.max(from, 1); index < text.length; index++) {
    const here = text[index]!;
    if (WHITESPACE.test(text[index - 1]!) && !WHITESPACE.test(here) && !ATTACHES_TO_PREVIOUS.test(here)) return index;
  }
  return text.length;
}

function* wordSegments(text: string, locale: string | undefined): Generator<{ segment: string; index: number; isWordLike?: boolean }> {
  const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  for (let pieceStart = 0; pieceStart < text.length; ) {
    const pieceEnd = nextCut(text, pieceStart + PIECE_UNITS);
    for (const segment of segmenter.segment(text.slice(pieceStart, pieceEnd))) {
      yield { segment: segment.segment, index: pieceStart + segment.index, isWordLike: segment.isWordLike };
    }
    pieceStart = pieceEnd;
  }
}

export class TokenizedText {
  readonly offsets: TextOffsets;
  readonly tokens: readonly Token[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(text: string, locale?: string) {
    this.offsets = new TextOffsets(text);
    const tokens: Token[] = [];
    for (const segment of wordSegments(text, locale)) {
      if (WHITESPACE_ONLY.test(segment.segment)) continue;
      const start16 = segment.index;
      const end16 = start16 + segment.segment.length;
      tokens.push({
        text: segment.segment,
        start: this.offsets.codePointOf(start16),
        end: this.offsets.codePointOf(end16),
        start16,
        end16,
        wordLike: segment.isWordLike === true,
      });
    }
    this.tokens = tokens;
    this.starts = Int32Array.from(tokens, (token) => token.start);
    this.ends = Int32Array.from(tokens, (token) => token.end);
  }

  /** Index of the first token whose end lies after `codePoint`, or the token count. */
  private firstEndingAfter(codePoint: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle]! > codePoint) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Index of the last token that starts before `codePoint`, or -1. */
  private lastStartingBefore(codePoint: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! < codePoint) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  /** The tokens a code point range touches (at least one of their code points inside it). */
  tokensIn(start: number, end: number): readonly Token[] {
    const first = this.firstEndingAfter(start);
    const last = this.lastStartingBefore(end);
    return first <= last ? this.tokens.slice(first, last + 1) : [];
  }

  /** The token that contains a code point offset, if any (whitespace belongs to none). */
  tokenAt(codePoint: number): Token | null {
    const index = this.firstEndingAfter(codePoint);
    const token = this.tokens[index];
    return token !== undefined && token.start <= codePoint ? token : null;
  }

  /**
   * A selection (code points, end exclusive) as span boundaries. In token mode it grows to the
   * whole tokens it touches, so half a word never becomes an entity; a selection of whitespace only
   * (or an empty one) gives null. In character mode it is kept as drawn, since a project chooses that
   * mode because its entities do not follow word boundaries (parts of compounds, IDs); whitespace
   * alone is still no entity there either.
   */
  snapSelection(start: number, end: number, mode: SelectionMode = "token"): { start: number; end: number } | null {
    const from = Math.min(start, end);
    const to = Math.max(start, end);
    if (from < 0 || to > this.offsets.codePointCount) {
      throw new RangeError(`selection ${from}..${to} is outside the text (0..${this.offsets.codePointCount})`);
    }
    if (from === to) return null;
    if (mode === "character") return WHITESPACE_ONLY.test(this.offsets.slice(from, to)) ? null : { start: from, end: to };
    const touched = this.tokensIn(from, to);
    const first = touched[0];
    const last = touched[touched.length - 1];
    return first === undefined || last === undefined ? null : { start: first.start, end: last.end };
  }
}
