import { toCanonicalJsonValue } from "@/lib/export/canonical-json";
import { assertExportableRecord, type ExportRecord, type ExportRecordSource } from "@/lib/export/export-record";
import { LineBatcher } from "@/lib/export/line-batcher";

/**
 * Writer version 1 of JSON Lines, with camelCase keys, kept so snapshots whose JSONL hash was
 * recorded by it still reproduce byte for byte (see lib/export-files/format-writers.ts); new
 * snapshots use jsonl-writer.ts.
 *
 * JSON Lines: one object per record, `\n` after every line (the last included), UTF-8, no BOM.
 *
 * Keys come in the order of the ExportRecord type: id, text, labels, decidedBy, agreement,
 * annotators, notSure, suggestion {accepted, source, model, promptVersion}, split, metadata,
 * annotations. Optional keys that are absent are left out, so parsing a line gives back the record.
 * Numbers use JavaScript's shortest round-trip form, which ECMAScript specifies exactly, so the
 * same value always prints the same way. `labels` is always an array (no convenience `label`).
 */
export async function* writeJsonlV1(records: ExportRecordSource): AsyncGenerator<Uint8Array> {
  const batcher = new LineBatcher();
  for await (const record of records) {
    const chunk = batcher.add(`${exportRecordToJsonV1(record)}\n`);
    if (chunk !== null) yield chunk;
  }
  const rest = batcher.drain();
  if (rest !== null) yield rest;
}

/** One record as canonical JSON, without the line terminator. */
export function exportRecordToJsonV1(record: ExportRecord): string {
  assertExportableRecord(record);
  const suggestion = record.suggestion;
  // Built as a fresh literal so the key order is fixed; JSON.stringify drops undefined members.
  return JSON.stringify({
    id: record.id,
    text: record.text,
    labels: record.labels,
    decidedBy: record.decidedBy,
    agreement: record.agreement,
    annotators: record.annotators,
    notSure: record.notSure,
    suggestion:
      suggestion === null
        ? null
        : {
            accepted: suggestion.accepted,
            source: suggestion.source,
            model: suggestion.model,
            promptVersion: suggestion.promptVersion,
          },
    split: record.split,
    metadata:
      record.metadata === undefined
        ? undefined
        : toCanonicalJsonValue(record.metadata, `item "${record.id}" metadata`),
    annotations: record.annotations?.map((annotation) => ({
      annotator: annotation.annotator,
      labels: annotation.labels,
      notSure: annotation.notSure,
      createdAt: annotation.createdAt,
      suggestionAction: annotation.suggestionAction,
    })),
  });
}
