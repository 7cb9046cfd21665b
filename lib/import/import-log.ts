// Every import collects all of its problems instead of stopping at the first, so a lead can fix a
// file in one pass. The list is capped so a wholly wrong file (a binary, the wrong delimiter) does
// not produce a million messages; the counts stay exact.

/**
 * One thing wrong with an import. `message` is a complete sentence that already names the place
 * ("line 7: field \"text\" is empty"), so it can be shown as it is. `line` is the 1-based physical
 * line where the offending record starts, or 0 for a problem with the file as a whole.
 */
export interface ImportProblem {
  line: number;
  field?: string;
  /** 0-based index of the task, for whole-document formats (Label Studio). */
  task?: number;
  message: string;
}

export interface ImportReport {
  /** The first `maxListed` problems, in the order found. */
  problems: ImportProblem[];
  /** All problems, including those not listed. The import is valid only when this is 0. */
  problemCount: number;
  /** Things worth telling that do not block the import (a text repeated on two lines). */
  warnings: ImportProblem[];
  warningCount: number;
  bytesRead: number;
}

export const DEFAULT_MAX_LISTED_PROBLEMS = 100;

/** Where a record sits: its line, and how messages name it ("line 7", "tasks[2] (id 17, line 40)"). */
export interface RecordPlace {
  readonly line: number;
  readonly label: string;
  readonly task?: number;
}

/** A place on a line. The label is built only when a message needs it: most rows have none. */
class LinePlace implements RecordPlace {
  constructor(readonly line: number) {}

  get label(): string {
    return `line ${this.line}`;
  }
}

export function atLine(line: number): RecordPlace {
  return new LinePlace(line);
}

export class ImportLog {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  problemCount = 0;
  warningCount = 0;
  bytesRead = 0;

  constructor(readonly maxListed: number = DEFAULT_MAX_LISTED_PROBLEMS) {}

  get ok(): boolean {
    return this.problemCount === 0;
  }

  addProblem(problem: ImportProblem): void {
    this.problemCount += 1;
    if (this.problems.length < this.maxListed) this.problems.push(problem);
  }

  addWarning(warning: ImportProblem): void {
    this.warningCount += 1;
    if (this.warnings.length < this.maxListed) this.warnings.push(warning);
  }

  /** A problem with one field of one record: `line 7: field "text" is empty`. */
  fieldProblem(place: RecordPlace, field: string, detail: string): void {
    this.addProblem(placed(place, { field, message: `${place.label}: field ${JSON.stringify(field)} ${detail}` }));
  }

  /** A problem with a whole record: `line 3: invalid JSON: ...`. */
  recordProblem(place: RecordPlace, detail: string): void {
    this.addProblem(placed(place, { message: `${place.label}: ${detail}` }));
  }

  recordWarning(place: RecordPlace, detail: string, field?: string): void {
    this.addWarning(placed(place, { ...(field === undefined ? {} : { field }), message: `${place.label}: ${detail}` }));
  }

  /** A problem with the file as a whole (empty file, missing column): reported on line 0. */
  fileProblem(message: string, line = 0, field?: string): void {
    this.addProblem({ line, ...(field === undefined ? {} : { field }), message });
  }

  report(): ImportReport {
    return {
      problems: [...this.problems],
      problemCount: this.problemCount,
      warnings: [...this.warnings],
      warningCount: this.warningCount,
      bytesRead: this.bytesRead,
    };
  }
}

function placed(place: RecordPlace, rest: { field?: string; message: string }): ImportProblem {
  return { line: place.line, ...(place.task === undefined ? {} : { task: place.task }), ...rest };
}

const SHOWN_VALUE_CHARS = 60;

/**
 * A value quoted for a message, cut to a readable length: a 10,000-character label must not turn
 * the message into 10,000 characters. JSON quoting makes control characters visible.
 */
export function quoteValue(value: string, maxChars: number = SHOWN_VALUE_CHARS): string {
  const chars = Array.from(value.length > maxChars * 2 ? value.slice(0, maxChars * 2) : value);
  return chars.length > maxChars ? `${JSON.stringify(chars.slice(0, maxChars).join(""))}…` : JSON.stringify(value);
}

/** Names a JSON value's type the way a user thinks of it: "an array", "null", "a number". */
export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
