/**
 * The record every export format carries: one resolved item of an immutable snapshot. Writers
 * never reorder records; the caller streams them in a stable order (the snapshot query orders by
 * item id), which is what makes a re-export byte-identical.
 */

/** "single": one annotation voted, so the label rests on one person (see lib/aggregate/resolve-item). */
export const DECIDED_BY = ["adjudicated", "unanimous", "single", "majority", "dawid-skene"] as const;
export type DecidedBy = (typeof DECIDED_BY)[number];

/** Split names in the fixed order used for files, card tables and quota tie-breaks. */
export const SPLITS = ["train", "validation", "test"] as const;
export type Split = (typeof SPLITS)[number];

export type SuggestionProvenance = {
  accepted: boolean;
  source?: string;
  model?: string;
  promptVersion?: number | null;
  /** What was suggested; frozen since Label Studio writer version 2 (snapshots made before lack it). */
  labels?: string[];
  /** The suggestion's own confidence, from 0 to 1, when it gave one. */
  confidence?: number | null;
};

/**
 * One entity of a spans project: `start` and `end` in Unicode code points of the item text, end
 * exclusive (Python's str slicing: text[start:end] == text), and that text, so a reader can check
 * the offsets without converting anything.
 */
export type ExportSpan = { start: number; end: number; label: string; text: string };

export type RawAnnotation = {
  annotator: string;
  labels: string[];
  /** Spans projects only: the entities this annotator marked. */
  spans?: ExportSpan[];
  notSure: boolean;
  createdAt: string;
  suggestionAction: string;
};

export type ExportRecord = {
  id: string;
  text: string;
  /** Single-label tasks carry exactly one element; a spans project's item-level labels, if any. */
  labels: string[];
  /** Spans projects only: the final entities. */
  spans?: ExportSpan[];
  decidedBy: DecidedBy;
  agreement: number | null;
  annotators: number;
  notSure: number;
  suggestion: SuggestionProvenance | null;
  split?: Split;
  metadata?: Record<string, unknown>;
  /** Present only when the lead asked for raw annotations. */
  annotations?: RawAnnotation[];
};

export type ExportRecordSource = Iterable<ExportRecord> | AsyncIterable<ExportRecord>;

/**
 * JSON would silently turn NaN or Infinity into null, a fractional count would pass unnoticed and
 * an unknown split would name a file no one reads, so every writer checks the record first.
 */
export function assertExportableRecord(record: ExportRecord): void {
  const where = `item "${record.id}"`;
  if (!(DECIDED_BY as readonly string[]).includes(record.decidedBy)) {
    throw new RangeError(`${where}: decidedBy must be one of ${DECIDED_BY.join(", ")}, got "${record.decidedBy}".`);
  }
  if (record.split !== undefined && !(SPLITS as readonly string[]).includes(record.split)) {
    throw new RangeError(`${where}: split must be one of ${SPLITS.join(", ")}, got "${record.split}".`);
  }
  if (record.agreement !== null && !Number.isFinite(record.agreement)) {
    throw new RangeError(`${where}: agreement must be a finite number or null, got ${record.agreement}.`);
  }
  for (const field of ["annotators", "notSure"] as const) {
    const count = record[field];
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`${where}: ${field} must be a whole number of at least 0, got ${count}.`);
    }
  }
  const confidence = record.suggestion?.confidence;
  if (confidence !== undefined && confidence !== null && !(Number.isFinite(confidence) && confidence >= 0 && confidence <= 1)) {
    throw new RangeError(`${where}: suggestion.confidence must be a number from 0 to 1 or null, got ${confidence}.`);
  }
  const promptVersion = record.suggestion?.promptVersion;
  if (promptVersion !== undefined && promptVersion !== null && !Number.isInteger(promptVersion)) {
    throw new RangeError(`${where}: suggestion.promptVersion must be a whole number or null, got ${promptVersion}.`);
  }
}

/**
 * A record's suggestion as the Label Studio and Hugging Face files spell it: snake_case, absent
 * fields as null, in this key order (which their recorded hashes depend on).
 */
export function suggestionProvenanceJson(suggestion: SuggestionProvenance | null) {
  return suggestion === null
    ? null
    : {
        accepted: suggestion.accepted,
        source: suggestion.source ?? null,
        model: suggestion.model ?? null,
        prompt_version: suggestion.promptVersion ?? null,
      };
}
