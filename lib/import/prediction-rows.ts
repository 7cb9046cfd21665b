import { optionalField, requiredField, toExternalId, toName, toScore } from "@/lib/import/field-values";
import { LabelVocabulary, readRowLabels } from "@/lib/import/imported-labels";
import { type ImportReport, ImportLog, atLine } from "@/lib/import/import-log";
import { type ImportFormat, type ImportRow, type RowReadOptions, missingColumnProblems, readImportRowBatches } from "@/lib/import/import-rows";
import type { ByteSource, ReadOptions } from "@/lib/import/utf8-lines";

/** A model's suggested labels for one item, imported as a suggestion of source kind "imported". */
export interface PredictionRow {
  externalId: string;
  labels: string[];
  /** From 0 to 1. */
  score?: number;
  model?: string;
  modelVersion?: string;
  line: number;
}

export interface PredictionFieldNames {
  item: string;
  label: string;
  labels: string;
  score: string;
  model: string;
  modelVersion: string;
}

export const DEFAULT_PREDICTION_FIELDS: PredictionFieldNames = {
  item: "item",
  label: "label",
  labels: "labels",
  score: "score",
  model: "model",
  modelVersion: "model_version",
};

export interface PredictionRowOptions extends ReadOptions {
  /** The project's label names; when given, any other label is an error. */
  labels?: readonly string[];
  fields?: Partial<PredictionFieldNames>;
  maxProblems?: number;
}

export interface PredictionImport extends ImportReport {
  predictions: PredictionRow[];
}

/**
 * Streams prediction rows (item, label or labels; optional score, model, model_version) from JSONL
 * or CSV, a batch per chunk of input. The file is importable only if `log.ok` at the end.
 */
export async function* readPredictionBatches(
  source: ByteSource,
  format: ImportFormat,
  log: ImportLog,
  options: PredictionRowOptions = {},
): AsyncGenerator<PredictionRow[]> {
  const names: PredictionFieldNames = { ...DEFAULT_PREDICTION_FIELDS, ...options.fields };
  const vocabulary = options.labels ? new LabelVocabulary(options.labels) : null;
  const readOptions: RowReadOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    checkColumns: (columns, headerLine) =>
      missingColumnProblems(columns, headerLine, [
        { name: names.item, option: "fields.item" },
        { oneOf: [names.label, names.labels], option: "fields.label" },
      ]),
  };
  yield* readImportRowBatches(source, format, log, readOptions, (row) => predictionOfRow(row, names, vocabulary, log));
}

function predictionOfRow(row: ImportRow, names: PredictionFieldNames, vocabulary: LabelVocabulary | null, log: ImportLog): PredictionRow | null {
  const place = atLine(row.line);
  const problemsBefore = log.problemCount;
  const externalId = requiredField(log, place, names.item, row.fields[names.item], toExternalId);
  const score = optionalField(log, place, names.score, row.fields[names.score], toScore);
  const model = optionalField(log, place, names.model, row.fields[names.model], toName);
  const modelVersion = optionalField(log, place, names.modelVersion, row.fields[names.modelVersion], toName);
  const labels = readRowLabels(log, place, row.fields, names, vocabulary);
  if (labels && labels.labels.length === 0) log.fieldProblem(place, labels.field, "is empty; a prediction needs at least one label");
  if (log.problemCount > problemsBefore || externalId === null || labels === null) return null;
  return {
    externalId,
    labels: labels.labels,
    ...(score === null ? {} : { score }),
    ...(model === null ? {} : { model }),
    ...(modelVersion === null ? {} : { modelVersion }),
    line: row.line,
  };
}

export async function parsePredictionRows(source: ByteSource, format: ImportFormat, options: PredictionRowOptions = {}): Promise<PredictionImport> {
  const log = new ImportLog(options.maxProblems);
  const predictions: PredictionRow[] = [];
  for await (const batch of readPredictionBatches(source, format, log, options)) for (const row of batch) predictions.push(row);
  return { ...log.report(), predictions };
}
