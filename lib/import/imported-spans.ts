// Checks the spans a file gives for one item: each `{start, end, label}` whole, inside the text,
// of a type the project has, and (with overlap off) apart from the others. Every problem names
// the record and the field, `line 12, spans.1.end: 40 is past the end of the text (38)`, so a lead
// can fix a file in one pass.
import { type ImportLog, type RecordPlace, describeJsonType, quoteValue } from "@/lib/import/import-log";
import { TextOffsets } from "@/lib/spans/offsets";
import { type Span, describeSpan, normaliseSpans, spansOverlap } from "@/lib/spans/span-set";

/**
 * What a file's offsets count. Goldset stores code points (docs/decisions/0009-span-offsets.md),
 * which is what Python, Hugging Face datasets and spaCy count; JavaScript tools (Label Studio,
 * Prodigy's web app) count UTF-16 units, which differ after every character outside the BMP.
 */
export type OffsetUnit = "code-points" | "utf-16";
export const OFFSET_UNITS = ["code-points", "utf-16"] as const satisfies readonly OffsetUnit[];

export interface SpanImportRules {
  /** The project's entity types; a span of another type is a problem. */
  entityTypes: readonly string[];
  allowOverlap: boolean;
}

/** One problem on a field of a record, in the words the brief of every span import uses. */
export function spanFieldProblem(log: ImportLog, place: RecordPlace, field: string, detail: string): void {
  log.addProblem({ line: place.line, ...(place.task === undefined ? {} : { task: place.task }), field, message: `${place.label}, ${field}: ${detail}` });
}

/** A span as a file gave it, already in code points, with the field path that names it. */
export interface PlacedSpan {
  span: Span;
  field: string;
}

/**
 * Reads `value` as the spans of `text`: an array of `{start, end, label}` objects, offsets in
 * `unit`. Returns them in code points, sorted and without exact duplicates, or null after logging
 * every problem found.
 */
export function readSpanList(
  log: ImportLog,
  place: RecordPlace,
  field: string,
  value: unknown,
  text: string,
  rules: SpanImportRules,
  unit: OffsetUnit = "code-points",
): Span[] | null {
  if (!Array.isArray(value)) {
    spanFieldProblem(log, place, field, `must be an array of {start, end, label} objects, found ${describeJsonType(value)}`);
    return null;
  }
  const offsets = new TextOffsets(text);
  const placed: PlacedSpan[] = [];
  let ok = true;
  value.forEach((entry, index) => {
    const path = `${field}.${index}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      spanFieldProblem(log, place, path, `must be a {start, end, label} object, found ${describeJsonType(entry)}`);
      ok = false;
      return;
    }
    const { start, end, label } = entry as Record<string, unknown>;
    const span = checkedSpan(log, place, path, { start, end, label }, offsets, rules, unit);
    if (span === null) ok = false;
    else placed.push({ span, field: path });
  });
  if (ok && !checkOverlaps(log, place, placed, offsets, rules)) ok = false;
  return ok ? normaliseSpans(placed.map((p) => p.span)) : null;
}

/** One span's offsets and type, converted to code points; null after logging its problems. */
export function checkedSpan(
  log: ImportLog,
  place: RecordPlace,
  path: string,
  raw: { start: unknown; end: unknown; label: unknown },
  offsets: TextOffsets,
  rules: SpanImportRules,
  unit: OffsetUnit,
  /** How messages name the type's field; Label Studio's is `value.labels.N`. */
  labelField = `${path}.label`,
): Span | null {
  const problemsBefore = log.problemCount;
  const length = unit === "utf-16" ? offsets.text.length : offsets.codePointCount;
  const unitName = unit === "utf-16" ? "UTF-16 units" : "code points";
  const bound = (name: "start" | "end", value: unknown): number | null => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      const found = value === undefined ? "is missing" : `must be a whole number of ${unitName} from the start of the text, found ${typeof value === "number" ? value : describeJsonType(value)}`;
      spanFieldProblem(log, place, `${path}.${name}`, found);
      return null;
    }
    if (value > length) {
      spanFieldProblem(log, place, `${path}.${name}`, `${value} is past the end of the text (${length}${unit === "utf-16" ? " UTF-16 units" : ""})`);
      return null;
    }
    if (unit === "utf-16" && !offsets.isBoundary(value)) {
      spanFieldProblem(log, place, `${path}.${name}`, `${value} falls inside the surrogate pair of ${JSON.stringify(offsets.text.slice(value - 1, value + 1))}; a span boundary must lie between characters`);
      return null;
    }
    return unit === "utf-16" ? offsets.codePointOf(value) : value;
  };
  const start = bound("start", raw.start);
  const end = bound("end", raw.end);
  let label: string | null = null;
  if (typeof raw.label !== "string" || raw.label.trim() === "") {
    spanFieldProblem(log, place, labelField, raw.label === undefined ? "is missing" : `must be an entity type's name, found ${describeJsonType(raw.label)}`);
  } else if (!rules.entityTypes.includes(raw.label)) {
    spanFieldProblem(log, place, labelField, `${quoteValue(raw.label, 40)} is not an entity type of this project (types: ${rules.entityTypes.join(", ") || "none"})`);
  } else {
    label = raw.label;
  }
  if (start !== null && end !== null) {
    if (start >= end) spanFieldProblem(log, place, `${path}.end`, `${raw.end as number} must come after the start (${raw.start as number}); a span holds at least one character`);
    else if (offsets.slice(start, end).trim() === "") spanFieldProblem(log, place, path, `${start}–${end} covers only whitespace`);
  }
  if (log.problemCount > problemsBefore || start === null || end === null || label === null) return null;
  return { start, end, label };
}

/** With overlap off, each pair of spans sharing a code point is a problem on the later one. */
export function checkOverlaps(log: ImportLog, place: RecordPlace, placed: readonly PlacedSpan[], offsets: TextOffsets, rules: SpanImportRules): boolean {
  if (rules.allowOverlap) return true;
  let ok = true;
  placed.forEach((later, index) => {
    for (const earlier of placed.slice(0, index)) {
      const same = earlier.span.start === later.span.start && earlier.span.end === later.span.end && earlier.span.label === later.span.label;
      if (same || !spansOverlap(earlier.span, later.span)) continue;
      spanFieldProblem(
        log,
        place,
        later.field,
        `${describeSpan(later.span, offsets)} overlaps ${earlier.field} ${describeSpan(earlier.span, offsets)}; overlapping spans are off in this project`,
      );
      ok = false;
    }
  });
  return ok;
}
