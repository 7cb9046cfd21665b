import { toCanonicalJsonValue } from "@/lib/export/canonical-json";
import { assertExportableRecord, suggestionProvenanceJson, type ExportRecord, type ExportRecordSource } from "@/lib/export/export-record";
import { LineBatcher } from "@/lib/export/line-batcher";

/**
 * Writer version 1 of the Label Studio export, kept so snapshots whose hash was recorded by it
 * still reproduce byte for byte (see lib/export/server/format-writers.ts); new snapshots use
 * label-studio-writer.ts, whose annotations say who made them.
 *
 * Label Studio JSON (its "Basic Label Studio JSON format" for tasks with annotations): one array,
 * written as `[`, one task per line separated by `,\n`, then `]` and a final `\n`.
 *
 *   { "id": "<item id>",
 *     "data": { "text": ..., ...metadata },
 *     "annotations": [ { "result": [ { "from_name": "label", "to_name": "text", "type": "choices",
 *                                      "value": { "choices": [...] } } ],
 *                        "ground_truth": true, "was_cancelled": false },
 *                      ...one more per raw annotation, ground_truth false, with created_at ],
 *     "meta": { "goldset": { id, decided_by, agreement, annotators, not_sure, suggestion, split?,
 *                            annotations? (who made each raw annotation) } } }
 *
 * The final label is the one ground-truth annotation. Label Studio assigns its own task ids on
 * import and ignores "id", so the Goldset id also travels in meta. `data.text` is always the item
 * text: a metadata key named "text" is left out of `data`. `from_name`/`to_name` must match the
 * names of the Choices and Text tags in the Label Studio project's labeling config.
 */
export type LabelStudioV1Options = { fromName?: string; toName?: string };

export async function* writeLabelStudioJsonV1(
  records: ExportRecordSource,
  options: LabelStudioV1Options = {},
): AsyncGenerator<Uint8Array> {
  const names = { fromName: options.fromName ?? "label", toName: options.toName ?? "text" };
  const batcher = new LineBatcher();
  batcher.add("[");
  let separator = "\n";
  for await (const record of records) {
    const chunk = batcher.add(`${separator}${labelStudioTask(record, names)}`);
    separator = ",\n";
    if (chunk !== null) yield chunk;
  }
  batcher.add(separator === "\n" ? "]\n" : "\n]\n");
  const rest = batcher.drain();
  if (rest !== null) yield rest;
}

type ControlNames = { fromName: string; toName: string };

function labelStudioTask(record: ExportRecord, names: ControlNames): string {
  assertExportableRecord(record);
  const data: Record<string, unknown> = { text: record.text };
  if (record.metadata !== undefined) {
    const metadata = toCanonicalJsonValue(record.metadata, `item "${record.id}" metadata`) as Record<string, unknown>;
    for (const [key, value] of Object.entries(metadata)) if (key !== "text") data[key] = value;
  }
  const suggestion = record.suggestion;
  return JSON.stringify({
    id: record.id,
    data,
    annotations: [
      { result: choicesResult(record.labels, names), ground_truth: true, was_cancelled: false },
      ...(record.annotations ?? []).map((annotation) => ({
        result: choicesResult(annotation.labels, names),
        ground_truth: false,
        was_cancelled: false,
        created_at: annotation.createdAt,
      })),
    ],
    meta: {
      goldset: {
        id: record.id,
        decided_by: record.decidedBy,
        agreement: record.agreement,
        annotators: record.annotators,
        not_sure: record.notSure,
        suggestion: suggestionProvenanceJson(suggestion),
        split: record.split,
        annotations: record.annotations?.map((annotation) => ({
          annotator: annotation.annotator,
          not_sure: annotation.notSure,
          suggestion_action: annotation.suggestionAction,
          created_at: annotation.createdAt,
        })),
      },
    },
  });
}

/** A Choices region; an annotation with no label has an empty result rather than empty choices. */
function choicesResult(labels: string[], names: ControlNames): unknown[] {
  if (labels.length === 0) return [];
  return [{ from_name: names.fromName, to_name: names.toName, type: "choices", value: { choices: labels } }];
}
