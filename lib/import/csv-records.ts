import { type ImportLog, type ImportProblem, atLine } from "@/lib/import/import-log";
import type { LineBlock } from "@/lib/import/utf8-lines";

export interface CsvDialect {
  /** One character; "," by default, "\t" for TSV. */
  delimiter?: string;
  /**
   * The quote character, '"' by default (RFC 4180). null turns quoting off: every character is
   * data, which is right for TSV files whose texts contain quotes but never tabs or newlines.
   */
  quote?: string | null;
}

export interface CsvRecord {
  /** The physical line where the record starts. */
  line: number;
  fields: string[];
  /** Some of its bytes were not UTF-8 (already reported); its text holds U+FFFD in their place. */
  hasInvalidBytes: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

type State = "field-start" | "unquoted-at-end" | "quoted" | "after-quoted";

/**
 * RFC 4180 records from blocks of whole lines. Quoted fields may hold delimiters, quotes written
 * twice, and line breaks (kept as they are, CRLF included). Records end at LF or CRLF; a line that
 * is entirely empty is skipped. A quote inside an unquoted field is kept as data, as most CSV
 * writers produce it; text after a closing quote is an error because the intent is unclear.
 */
export class CsvRecordReader {
  /** Header names, once known, so problems can name the column instead of its number. */
  columnNames: readonly string[] = [];

  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly quote: string | null;
  private readonly quoteCode: number;
  private state: State = "field-start";
  private fields: string[] = [];
  private field = "";
  private recordLine = 0;
  private quoteLine = 0;
  private line = 1;
  private broken = false;
  /** A record completed by the last step, handed out before the reader moves on. */
  private completed: CsvRecord | null = null;
  /** Lines with bytes that are not UTF-8, in line order; those before `nextInvalid` are logged. */
  private invalidLines: readonly ImportProblem[] = [];
  private nextInvalid = 0;

  constructor(
    dialect: CsvDialect,
    private readonly log: ImportLog,
  ) {
    this.delimiter = dialect.delimiter ?? ",";
    this.quote = dialect.quote === undefined ? '"' : dialect.quote;
    if (this.delimiter.length !== 1 || this.delimiter === "\n" || this.delimiter === "\r") {
      throw new Error(`CSV delimiter must be one character other than a line break, got ${JSON.stringify(this.delimiter)}`);
    }
    if (this.quote !== null && (this.quote.length !== 1 || this.quote === this.delimiter)) {
      throw new Error(`CSV quote must be one character different from the delimiter, got ${JSON.stringify(this.quote)}`);
    }
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.quoteCode = this.quote === null ? -1 : this.quote.charCodeAt(0);
  }

  /**
   * Records completed by this block. Blocks must arrive in order, each made of whole lines.
   * Records are yielded one at a time so the caller can set `columnNames` from the header before
   * the reader reports anything about the rows after it.
   */
  *push(block: LineBlock): Generator<CsvRecord> {
    const s = block.text;
    const n = s.length;
    this.line = block.firstLine;
    if (block.invalidLines.length > 0) {
      this.invalidLines = this.invalidLines.slice(this.nextInvalid).concat(block.invalidLines);
      this.nextInvalid = 0;
    }
    let i = 0;
    while (i < n) {
      if (this.completed) {
        yield this.completed;
        this.completed = null;
      }
      if (this.state === "quoted") {
        const quoteAt = s.indexOf(this.quote as string, i);
        const end = quoteAt < 0 ? n : quoteAt;
        this.field += s.slice(i, end);
        this.line += countLineFeeds(s, i, end);
        if (quoteAt < 0) break;
        if (s.charCodeAt(quoteAt + 1) === this.quoteCode) {
          this.field += this.quote;
          i = quoteAt + 2;
        } else {
          i = quoteAt + 1;
          this.state = "after-quoted";
        }
        continue;
      }

      if (this.state === "after-quoted") {
        const c = s.charCodeAt(i);
        if (c === this.delimiterCode) {
          this.endField();
          i += 1;
        } else if (c === LF || (c === CR && (i + 1 === n || s.charCodeAt(i + 1) === LF))) {
          this.endField();
          this.endRecord();
          i += c === CR ? 2 : 1;
          this.line += 1;
        } else {
          this.reportTextAfterQuote();
          // Keep the rest of the field as data so the record still ends where it should.
          const end = this.unquotedEnd(s, i);
          this.field += trimLineEnd(s, i, end);
          i = this.finishUnquoted(s, end);
        }
        continue;
      }

      // field-start
      if (this.fields.length === 0) this.recordLine = this.line;
      if (s.charCodeAt(i) === this.quoteCode) {
        this.state = "quoted";
        this.quoteLine = this.line;
        i += 1;
        continue;
      }
      const end = this.unquotedEnd(s, i);
      const value = trimLineEnd(s, i, end);
      if (this.fields.length === 0 && value === "" && (end === n || s.charCodeAt(end) === LF)) {
        // An empty line: not a record.
        this.logInvalidLinesUpTo(this.line);
        i = end + 1;
        this.line += 1;
        continue;
      }
      this.field = value;
      i = this.finishUnquoted(s, end);
    }
    if (this.completed) {
      yield this.completed;
      this.completed = null;
    }
  }

  /** Call once after the last block: completes a final record that has no line break after it. */
  finish(): CsvRecord | null {
    if (this.state === "quoted") {
      this.log.fieldProblem(
        atLine(this.quoteLine),
        this.columnName(this.fields.length),
        `opens a quoted value that never closes before the end of the file; look for a stray quote in this row, or import with quoting off if the file does not quote its values`,
      );
      this.fields = [];
      this.field = "";
    } else if (this.state === "unquoted-at-end" || this.state === "after-quoted" || this.fields.length > 0) {
      // In the last case the file ended right after a delimiter, so the last field is empty.
      this.endField();
      this.endRecord();
    }
    this.logInvalidLinesUpTo(Number.POSITIVE_INFINITY);
    this.state = "field-start";
    const record = this.completed;
    this.completed = null;
    return record;
  }

  private unquotedEnd(s: string, from: number): number {
    let j = from;
    const n = s.length;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === this.delimiterCode || c === LF) return j;
      j += 1;
    }
    return n;
  }

  /** Ends the field at `end` (a delimiter, a line feed, or the end of the text); returns the next index. */
  private finishUnquoted(s: string, end: number): number {
    if (end >= s.length) {
      this.state = "unquoted-at-end";
      return end;
    }
    this.endField();
    if (s.charCodeAt(end) === LF) {
      this.endRecord();
      this.line += 1;
    }
    return end + 1;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.state = "field-start";
  }

  private endRecord(): void {
    const hasInvalidBytes = this.logInvalidLinesUpTo(this.line);
    if (!this.broken) this.completed = { line: this.recordLine, fields: this.fields, hasInvalidBytes };
    this.fields = [];
    this.broken = false;
    this.state = "field-start";
  }

  /**
   * Logs the bad-byte problems of lines up to `line`, at a point fixed by the text rather than by
   * where chunks ended, and says whether any lies in the current record.
   */
  private logInvalidLinesUpTo(line: number): boolean {
    let inRecord = false;
    for (let problem = this.invalidLines[this.nextInvalid]; problem && problem.line <= line; problem = this.invalidLines[this.nextInvalid]) {
      this.log.addProblem(problem);
      if (problem.line >= this.recordLine) inRecord = true;
      this.nextInvalid += 1;
    }
    return inRecord;
  }

  private reportTextAfterQuote(): void {
    if (this.broken) return;
    this.broken = true;
    this.log.fieldProblem(
      atLine(this.recordLine),
      this.columnName(this.fields.length),
      `has text after its closing quote; inside a quoted value write a quote twice (""), or import with quoting off if the file does not quote its values`,
    );
  }

  private columnName(index: number): string {
    return this.columnNames[index] ?? `column ${index + 1}`;
  }
}

/** The text from `from` to `end`, without the CR of a CRLF line ending. */
function trimLineEnd(s: string, from: number, end: number): string {
  const stop = end > from && s.charCodeAt(end - 1) === CR && (end === s.length || s.charCodeAt(end) === LF) ? end - 1 : end;
  return s.slice(from, stop);
}

function countLineFeeds(s: string, from: number, to: number): number {
  let count = 0;
  let at = s.indexOf("\n", from);
  while (at >= 0 && at < to) {
    count += 1;
    at = s.indexOf("\n", at + 1);
  }
  return count;
}
