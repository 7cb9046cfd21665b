import { toCanonicalJsonValue } from "@/lib/export/canonical-json";
import { assertExportableRecord, type ExportRecord, type ExportRecordSource, type ExportSpan } from "@/lib/export/export-record";
import { LineBatcher } from "@/lib/export/line-batcher";

/**
 * JSON Lines (writer version 2): one object per record, `\n` after every line (the last included),
 * UTF-8, no BOM.
 *
 * Keys use the snake_case names of the CSV columns and the Hugging Face rows, in this order: id,
 * text, labels, spans [{start, end, label, text}] (spans projects; code points), decided_by, agreement, annotators, not_sure, suggestion {accepted, source, model,
 * prompt_version}, split, metadata, annotations [{annotator, labels, spans, not_sure, created_at,
 * suggestion_action}]. Optional keys that are absent are left out. Numbers use JavaScript's
 * shortest round-trip form, which ECMAScript specifies exactly, so the same value always prints the
 * same way. `labels` is always an array (no convenience `label`).
 */
export async function* writeJsonl(records: ExportRecordSource, keys: JsonlKeyNames = SNAKE_CASE_KEYS): AsyncGenerator<Uint8Array> {
  const batcher = new LineBatcher();
  for await (const record of records) {
    const chunk = batcher.add(`${exportRecordToJson(record, keys)}\n`);
    if (chunk !== null) yield chunk;
  }
  const rest = batcher.drain();
  if (rest !== null) yield rest;
}

/** The names of the keys that writer versions spell differently; every other key is one word. */
export type JsonlKeyNames = {
  readonly decidedBy: string;
  readonly notSure: string;
  readonly promptVersion: string;
  readonly createdAt: string;
  readonly suggestionAction: string;
};

/** Writer version 2: the CSV columns' and Hugging Face rows' names. */
export const SNAKE_CASE_KEYS: JsonlKeyNames = {
  decidedBy: "decided_by",
  notSure: "not_sure",
  promptVersion: "prompt_version",
  createdAt: "created_at",
  suggestionAction: "suggestion_action",
};

/** A span's keys in a fixed order, whatever order the frozen record's JSON came back in. */
export function spanJson(span: ExportSpan): ExportSpan {
  return { start: span.start, end: span.end, label: span.label, text: span.text };
}

/** One record as canonical JSON, without the line terminator. */
export function exportRecordToJson(record: ExportRecord, keys: JsonlKeyNames = SNAKE_CASE_KEYS): string {
  assertExportableRecord(record);
  const suggestion = record.suggestion;
  // Built as a fresh literal so the key order is fixed (computed names keep their place);
  // JSON.stringify drops undefined members.
  return JSON.stringify({
    id: record.id,
    text: record.text,
    labels: record.labels,
    spans: record.spans?.map(spanJson),
    [keys.decidedBy]: record.decidedBy,
    agreement: record.agreement,
    annotators: record.annotators,
    [keys.notSure]: record.notSure,
    suggestion:
      suggestion === null
        ? null
        : {
            accepted: suggestion.accepted,
            source: suggestion.source,
            model: suggestion.model,
            [keys.promptVersion]: suggestion.promptVersion,
          },
    split: record.split,
    metadata:
      record.metadata === undefined
        ? undefined
        : toCanonicalJsonValue(record.metadata, `item "${record.id}" metadata`),
    annotations: record.annotations?.map((annotation) => ({
      annotator: annotation.annotator,
      labels: annotation.labels,
      spans: annotation.spans?.map(spanJson),
      [keys.notSure]: annotation.notSure,
      [keys.createdAt]: annotation.createdAt,
      [keys.suggestionAction]: annotation.suggestionAction,
    })),
  });
}
