import { type ImportLog, atLine, describeJsonType, formatCount } from "@/lib/import/import-log";
import { findJsonSyntaxError } from "@/lib/import/json-syntax-error";
import type { LineBlock } from "@/lib/import/utf8-lines";

export interface JsonlRecord {
  line: number;
  fields: Record<string, unknown>;
}

export interface JsonlScan {
  /** Lines that held something other than whitespace, parsed or not. */
  contentLines: number;
}

/**
 * Parses the JSON Lines of one block: one JSON object per line. Blank lines are skipped, CRLF is
 * accepted. A line that is not valid JSON, or not an object, is reported and skipped. Each record
 * goes to `onRecord` as soon as it is parsed, so problems found with it are logged in line order.
 */
export function readJsonlBlock(block: LineBlock, log: ImportLog, scan: JsonlScan, onRecord: (record: JsonlRecord) => void): void {
  const text = block.text;
  let line = block.firstLine;
  let start = 0;
  // Bad-byte lines come in line order, so one cursor finds them without a search per line.
  let nextInvalid = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const lineText = text.slice(start, end);
    start = end + 1;
    const lineNumber = line;
    line += 1;
    // Most lines start with "{", so the blank-line test runs only for the odd one out.
    if (lineText.charCodeAt(0) !== 0x7b && lineText.trim() === "") continue;
    scan.contentLines += 1;
    while ((block.invalidLines[nextInvalid]?.line ?? Number.POSITIVE_INFINITY) < lineNumber) nextInvalid += 1;
    const invalid = block.invalidLines[nextInvalid];
    if (invalid?.line === lineNumber) {
      log.addProblem(invalid);
      continue;
    }
    const record = parseJsonObjectLine(lineText, lineNumber, log);
    if (record) onRecord(record);
  }
}

function parseJsonObjectLine(lineText: string, line: number, log: ImportLog): JsonlRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch (error) {
    log.recordProblem(atLine(line), `invalid JSON: ${describeParseFailure(lineText.replace(/\r$/, ""), error)}`);
    return null;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    log.recordProblem(atLine(line), `expected a JSON object ({...}) on each line, found ${describeJsonType(value)}`);
    return null;
  }
  return { line, fields: value as Record<string, unknown> };
}

function describeParseFailure(text: string, error: unknown): string {
  const located = findJsonSyntaxError(text, "the end of the line");
  if (located) return `${located.reason} at column ${formatCount(located.offset + 1)}`;
  return error instanceof Error ? error.message : String(error);
}
