import type { Span } from "@/lib/spans/span-set";
import { optionalField, requiredField, toExternalId, toFlag, toName, toTimestamp } from "@/lib/import/field-values";
import { LabelVocabulary, readRowLabels } from "@/lib/import/imported-labels";
import { type ImportReport, ImportLog, atLine } from "@/lib/import/import-log";
import { type ImportFormat, type ImportRow, type RowReadOptions, missingColumnProblems, readImportRowBatches } from "@/lib/import/import-rows";
import type { ByteSource, ReadOptions } from "@/lib/import/utf8-lines";

/** One person's labels for one item. The caller resolves `externalId` to an item and reports unknown ids. */
export interface AnnotationRow {
  externalId: string;
  annotator: string;
  /** Empty only when `notSure` is set. */
  labels: string[];
  notSure: boolean;
  /** Spans projects: the entities marked, in code points (lib/import/imported-spans.ts); absent for classification. */
  spans?: Span[];
  /** ISO 8601 in UTC; absent when the file does not say. */
  createdAt?: string;
  line: number;
}

export interface AnnotationFieldNames {
  item: string;
  annotator: string;
  /** One label, a "|"-separated list, or a JSON array. */
  label: string;
  /** Alternative to `label`, same forms. */
  labels: string;
  notSure: string;
  createdAt: string;
}

export const DEFAULT_ANNOTATION_FIELDS: AnnotationFieldNames = {
  item: "item",
  annotator: "annotator",
  label: "label",
  labels: "labels",
  notSure: "not_sure",
  createdAt: "created_at",
};

export interface AnnotationRowOptions extends ReadOptions {
  /** The project's label names; when given, any other label is an error. */
  labels?: readonly string[];
  /** Column or key names, where the file uses others (e.g. { annotator: "worker" }). */
  fields?: Partial<AnnotationFieldNames>;
  maxProblems?: number;
}

export interface AnnotationImport extends ImportReport {
  annotations: AnnotationRow[];
}

/**
 * Streams annotation rows (item, annotator, label; optional not_sure, created_at) from JSONL or
 * CSV, a batch per chunk of input. The file is importable only if `log.ok` at the end.
 */
export async function* readAnnotationBatches(
  source: ByteSource,
  format: ImportFormat,
  log: ImportLog,
  options: AnnotationRowOptions = {},
): AsyncGenerator<AnnotationRow[]> {
  const names: AnnotationFieldNames = { ...DEFAULT_ANNOTATION_FIELDS, ...options.fields };
  const vocabulary = options.labels ? new LabelVocabulary(options.labels) : null;
  const readOptions: RowReadOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    checkColumns: (columns, headerLine) =>
      missingColumnProblems(columns, headerLine, [
        { name: names.item, option: "fields.item" },
        { name: names.annotator, option: "fields.annotator" },
        { oneOf: [names.label, names.labels], option: "fields.label" },
      ]),
  };
  yield* readImportRowBatches(source, format, log, readOptions, (row) => annotationOfRow(row, names, vocabulary, log));
}

function annotationOfRow(row: ImportRow, names: AnnotationFieldNames, vocabulary: LabelVocabulary | null, log: ImportLog): AnnotationRow | null {
  const place = atLine(row.line);
  const problemsBefore = log.problemCount;
  const externalId = requiredField(log, place, names.item, row.fields[names.item], toExternalId);
  const annotator = requiredField(log, place, names.annotator, row.fields[names.annotator], toName);
  const notSure = optionalField(log, place, names.notSure, row.fields[names.notSure], toFlag) ?? false;
  const createdAt = optionalField(log, place, names.createdAt, row.fields[names.createdAt], toTimestamp);
  const labels = readRowLabels(log, place, row.fields, names, vocabulary);
  if (labels && labels.labels.length === 0 && !notSure) {
    log.fieldProblem(place, labels.field, `is empty; give at least one label, or set ${JSON.stringify(names.notSure)} to true`);
  }
  if (log.problemCount > problemsBefore || externalId === null || annotator === null || labels === null) return null;
  return { externalId, annotator, labels: labels.labels, notSure, ...(createdAt === null ? {} : { createdAt }), line: row.line };
}

export async function parseAnnotationRows(source: ByteSource, format: ImportFormat, options: AnnotationRowOptions = {}): Promise<AnnotationImport> {
  const log = new ImportLog(options.maxProblems);
  const annotations: AnnotationRow[] = [];
  for await (const batch of readAnnotationBatches(source, format, log, options)) for (const row of batch) annotations.push(row);
  return { ...log.report(), annotations };
}
