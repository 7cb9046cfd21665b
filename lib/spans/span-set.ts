import { TextOffsets } from "./offsets";

/**
 * One item's spans and the edits an annotator makes to them. Offsets are code points, end
 * exclusive (lib/spans/offsets.ts). A span set is kept sorted (start, then end, then label) and
 * free of duplicates, so two sets with the same spans compare equal and export byte-identical.
 *
 * Overlap is a project setting, off by default: most NER schemes (CoNLL, WNUT, OntoNotes) are flat,
 * and a flat set exports to BIO tags without loss. With it off, a span that shares a code point
 * with another is refused with a message naming both spans and their text.
 */

export interface Span {
  start: number;
  end: number;
  label: string;
}

export interface SpanRules {
  /** The item text, or its offsets when the caller already built them. */
  text: string | TextOffsets;
  /** Entity types a span may carry. */
  labels: readonly string[];
  allowOverlap?: boolean;
}

export class SpanError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "SpanError";
    this.problems = problems;
  }
}

function offsetsOf(rules: SpanRules): TextOffsets {
  return typeof rules.text === "string" ? new TextOffsets(rules.text) : rules.text;
}

export function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end && a.label === b.label;
}

export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Code points two spans share (0 when they do not overlap). */
export function overlapLength(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Sorted, without exact duplicates. */
export function normaliseSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.map((span) => ({ start: span.start, end: span.end, label: span.label })).sort(compareSpans);
  return sorted.filter((span, index) => index === 0 || !sameSpan(span, sorted[index - 1]!));
}

/** "12–19 "Redondo" (location)": how a message names a span. */
export function describeSpan(span: Span, offsets: TextOffsets): string {
  const inside = span.start >= 0 && span.end <= offsets.codePointCount && span.start < span.end;
  return `${span.start}–${span.end}${inside ? ` ${JSON.stringify(offsets.slice(span.start, span.end))}` : ""} (${span.label})`;
}

/** What is wrong with one span on its own: offsets outside the text, empty, unknown type, blank. */
export function spanProblems(span: Span, rules: SpanRules): string[] {
  const offsets = offsetsOf(rules);
  const problems: string[] = [];
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end)) {
    problems.push(`Span ${span.start}–${span.end}: offsets must be whole numbers of code points.`);
  } else if (span.start < 0 || span.end > offsets.codePointCount) {
    problems.push(`Span ${span.start}–${span.end} lies outside the text, which has ${offsets.codePointCount} code points.`);
  } else if (span.start >= span.end) {
    problems.push(`Span ${span.start}–${span.end} is empty: its end must come after its start.`);
  } else if (offsets.slice(span.start, span.end).trim() === "") {
    problems.push(`Span ${describeSpan(span, offsets)} covers only whitespace.`);
  }
  if (!rules.labels.includes(span.label)) {
    problems.push(`Span ${span.start}–${span.end} has type ${JSON.stringify(span.label)}, which is not one of ${JSON.stringify(rules.labels)}.`);
  }
  return problems;
}

function overlapProblem(a: Span, b: Span, offsets: TextOffsets): string {
  return `Span ${describeSpan(a, offsets)} overlaps span ${describeSpan(b, offsets)}; overlapping spans are off in this project, so shorten or remove one of them.`;
}

/** Every problem of a whole set, so a form or an import can report them all at once. */
export function spanSetProblems(spans: readonly Span[], rules: SpanRules): string[] {
  const offsets = offsetsOf(rules);
  const withOffsets = { ...rules, text: offsets };
  const problems = spans.flatMap((span) => spanProblems(span, withOffsets));
  if (!rules.allowOverlap) {
    const sorted = normaliseSpans(spans);
    // Sorted by start: a span can only overlap later spans that start before its end.
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j]!.start < sorted[i]!.end; j++) {
        problems.push(overlapProblem(sorted[i]!, sorted[j]!, offsets));
      }
    }
  }
  return problems;
}

/** The set with `span` added; throws SpanError when it is invalid or overlaps (with overlap off). */
export function addSpan(spans: readonly Span[], span: Span, rules: SpanRules): Span[] {
  const offsets = offsetsOf(rules);
  const problems = spanProblems(span, { ...rules, text: offsets });
  if (problems.length > 0) throw new SpanError(problems);
  if (spans.some((other) => sameSpan(other, span))) return normaliseSpans(spans);
  if (!rules.allowOverlap) {
    const overlapping = spans.filter((other) => spansOverlap(other, span));
    if (overlapping.length > 0) throw new SpanError(overlapping.map((other) => overlapProblem(span, other, offsets)));
  }
  return normaliseSpans([...spans, span]);
}

/** The set without `span`; throws SpanError when the set does not hold it. */
export function removeSpan(spans: readonly Span[], span: Span): Span[] {
  if (!spans.some((other) => sameSpan(other, span))) {
    throw new SpanError([`There is no span ${span.start}–${span.end} (${span.label}) to remove.`]);
  }
  return normaliseSpans(spans.filter((other) => !sameSpan(other, span)));
}

/** Replaces `span` with `replacement` (a new type, new boundaries, or both), checking it like an addition. */
export function replaceSpan(spans: readonly Span[], span: Span, replacement: Span, rules: SpanRules): Span[] {
  return addSpan(removeSpan(spans, span), replacement, rules);
}

export function changeSpanType(spans: readonly Span[], span: Span, label: string, rules: SpanRules): Span[] {
  return replaceSpan(spans, span, { ...span, label }, rules);
}

export function changeSpanBoundary(spans: readonly Span[], span: Span, boundary: { start: number; end: number }, rules: SpanRules): Span[] {
  return replaceSpan(spans, span, { start: boundary.start, end: boundary.end, label: span.label }, rules);
}
