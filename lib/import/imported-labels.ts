import type { FieldResult } from "@/lib/import/field-values";
import { type ImportLog, type RecordPlace, describeJsonType, quoteValue } from "@/lib/import/import-log";
import { labelNameKey, labelNameProblem } from "@/lib/import/label-definitions";

const LABELS_SHOWN = 12;

/** A project's label names, to check imported labels against. Matching is exact. */
export class LabelVocabulary {
  private readonly names: ReadonlySet<string>;
  private readonly byKey = new Map<string, string>();
  private readonly listing: string;

  constructor(names: readonly string[]) {
    this.names = new Set(names);
    for (const name of names) this.byKey.set(labelNameKey(name), name);
    const shown = names.slice(0, LABELS_SHOWN).map((name) => quoteValue(name, 30));
    this.listing = names.length > LABELS_SHOWN ? `${shown.join(", ")} and ${names.length - LABELS_SHOWN} more` : shown.join(", ");
  }

  /** Null when the project has the label; otherwise what to tell the user, with a likely fix. */
  unknownLabelDetail(label: string): string | null {
    if (this.names.has(label)) return null;
    const near = this.byKey.get(labelNameKey(label.trim()));
    const hint = near === undefined ? "" : ` (did you mean ${quoteValue(near)}?)`;
    return `has unknown label ${quoteValue(label)}${hint}; the project's labels are ${this.listing || "none yet"}`;
  }
}

/**
 * The labels in one field: a JSON array of strings, or text that is a JSON array ("[\"a\",\"b\"]")
 * or a "|"-separated list ("a|b"), the latter trimmed around each name. Blank text gives no labels.
 * A JSON number (a rating such as `"label": 3`, alone or in an array) is the label of that name,
 * written as JavaScript prints the number, so it matches the label "3" a CSV cell would give.
 */
export function readLabelList(value: unknown): FieldResult<string[]> {
  if (Array.isArray(value)) {
    const labels: string[] = [];
    for (const [index, label] of value.entries()) {
      const name = labelNameOf(label);
      if (name === null) return { ok: false, detail: `must list label names as strings or numbers, got ${describeJsonType(label)} at position ${index + 1}` };
      labels.push(name);
    }
    return { ok: true, value: labels };
  }
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (typeof value === "number") {
    const name = labelNameOf(value);
    return name === null ? { ok: false, detail: `must be a finite number when it is a number, got ${value}` } : { ok: true, value: [name] };
  }
  if (typeof value !== "string") return { ok: false, detail: `must be a label name, a list of them, or a JSON array, got ${describeJsonType(value)}` };
  const text = value.trim();
  if (text === "") return { ok: true, value: [] };
  if (text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, detail: `starts with "[" but is not a valid JSON array: ${quoteValue(text)}` };
    }
    // Valid JSON that starts with "[" is always an array.
    return readLabelList(parsed);
  }
  const labels = text.split("|").map((label) => label.trim());
  if (labels.includes("")) return { ok: false, detail: `has an empty label between "|" separators: ${quoteValue(text)}` };
  return { ok: true, value: labels };
}

function labelNameOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : null;
}

/**
 * Reports every label that is not a valid name, not in the vocabulary (when one is given), or
 * listed twice. Returns whether all labels passed.
 */
export function checkLabels(
  log: ImportLog,
  place: RecordPlace,
  field: string,
  labels: readonly string[],
  vocabulary: LabelVocabulary | null,
): boolean {
  let ok = true;
  const seen = new Set<string>();
  for (const label of labels) {
    const nameProblem = labelNameProblem(label);
    const detail = nameProblem
      ? `has a label name that ${nameProblem}`
      : seen.has(label)
        ? `lists label ${quoteValue(label)} twice`
        : vocabulary?.unknownLabelDetail(label) ?? null;
    seen.add(label);
    if (detail) {
      log.fieldProblem(place, field, detail);
      ok = false;
    }
  }
  return ok;
}

/**
 * The labels of a row that may name them in either of two fields ("label" or "labels"). Returns
 * the labels (possibly none) and the field they came from, or null after reporting a problem.
 */
export function readRowLabels(
  log: ImportLog,
  place: RecordPlace,
  fields: Record<string, unknown>,
  names: { label: string; labels: string },
  vocabulary: LabelVocabulary | null,
): { labels: string[]; field: string } | null {
  const single = fields[names.label];
  const multiple = fields[names.labels];
  const singleGiven = !isBlankLabelValue(single);
  const multipleGiven = !isBlankLabelValue(multiple);
  if (singleGiven && multipleGiven) {
    log.fieldProblem(place, names.labels, `and field ${JSON.stringify(names.label)} are both filled in; use one of them`);
    return null;
  }
  // Name the field the file actually uses, so "is empty" points at the right column.
  const usesPlural = multipleGiven || (!singleGiven && Object.hasOwn(fields, names.labels) && !Object.hasOwn(fields, names.label));
  const field = usesPlural ? names.labels : names.label;
  const list = readLabelList(multipleGiven ? multiple : single);
  if (!list.ok) {
    log.fieldProblem(place, field, list.detail);
    return null;
  }
  return checkLabels(log, place, field, list.value, vocabulary) ? { labels: list.value, field } : null;
}

function isBlankLabelValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}
