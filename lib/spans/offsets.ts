/**
 * The one offset convention for spans (docs/decisions/0009): a span's `start` and `end` count
 * Unicode code points from the start of the item text, `end` exclusive. That is what Python's
 * `str` slicing, Hugging Face datasets and spaCy's character offsets use, so an exported span
 * means the same thing to the people most likely to read it. JavaScript strings index UTF-16 code
 * units (an emoji outside the Basic Multilingual Plane is two of them), so the browser converts at
 * its edge with the functions here and nothing stored ever holds a UTF-16 index.
 *
 * Combining marks and ZWJ sequences are several code points and are counted as such: grapheme
 * clusters depend on the Unicode version of the runtime, code points do not.
 */

export class SpanOffsetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpanOffsetError";
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Whether a UTF-16 index falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, utf16Index: number): boolean {
  return (
    utf16Index > 0 &&
    utf16Index < text.length &&
    isHighSurrogate(text.charCodeAt(utf16Index - 1)) &&
    isLowSurrogate(text.charCodeAt(utf16Index))
  );
}

export function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    if (!(isLowSurrogate(text.charCodeAt(index)) && index > 0 && isHighSurrogate(text.charCodeAt(index - 1)))) count++;
  }
  return count;
}

/**
 * Both directions for one text, built once in O(length): `codePointOf` and `utf16Of` are then
 * array reads, which is what a page converting every span and token of a long item needs.
 */
export class TextOffsets {
  readonly text: string;
  readonly codePointCount: number;
  /** UTF-16 index where each code point starts, plus the text's UTF-16 length at the end. */
  private readonly utf16Starts: Uint32Array;
  /** Code point index for each UTF-16 index (0..length); -1 between the halves of a pair. */
  private readonly codePointAt: Int32Array;

  constructor(text: string) {
    this.text = text;
    const codePointAt = new Int32Array(text.length + 1);
    const starts: number[] = [];
    let codePoint = 0;
    for (let index = 0; index < text.length; index++) {
      if (splitsSurrogatePair(text, index)) {
        codePointAt[index] = -1;
        continue;
      }
      codePointAt[index] = codePoint;
      starts.push(index);
      codePoint++;
    }
    codePointAt[text.length] = codePoint;
    starts.push(text.length);
    this.codePointCount = codePoint;
    this.codePointAt = codePointAt;
    this.utf16Starts = Uint32Array.from(starts);
  }

  /** Whether a UTF-16 index lies between two code points (not inside a surrogate pair, not outside). */
  isBoundary(utf16Index: number): boolean {
    return Number.isInteger(utf16Index) && utf16Index >= 0 && utf16Index <= this.text.length && this.codePointAt[utf16Index]! >= 0;
  }

  /** The code point offset of a UTF-16 index; refuses an index inside a surrogate pair or outside the text. */
  codePointOf(utf16Index: number): number {
    if (!Number.isInteger(utf16Index) || utf16Index < 0 || utf16Index > this.text.length) {
      throw new SpanOffsetError(`UTF-16 index ${utf16Index} is outside the text (0..${this.text.length})`);
    }
    const codePoint = this.codePointAt[utf16Index]!;
    if (codePoint < 0) {
      throw new SpanOffsetError(
        `UTF-16 index ${utf16Index} falls inside a surrogate pair (the character ${JSON.stringify(
          this.text.slice(utf16Index - 1, utf16Index + 1),
        )}); a span boundary must lie between characters`,
      );
    }
    return codePoint;
  }

  /** The UTF-16 index where a code point offset lies (the text's length for the end offset). */
  utf16Of(codePoint: number): number {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.codePointCount) {
      throw new SpanOffsetError(`code point offset ${codePoint} is outside the text (0..${this.codePointCount})`);
    }
    return this.utf16Starts[codePoint]!;
  }

  /** The text between two code point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.utf16Of(start), this.utf16Of(end));
  }
}

/** One-off conversion; build a TextOffsets to convert many offsets of the same text. */
export function utf16ToCodePoint(text: string, utf16Index: number): number {
  return new TextOffsets(text).codePointOf(utf16Index);
}

/** One-off conversion; build a TextOffsets to convert many offsets of the same text. */
export function codePointToUtf16(text: string, codePoint: number): number {
  return new TextOffsets(text).utf16Of(codePoint);
}
