import { toCanonicalJsonValue } from "@/lib/export/canonical-json";
import { assertExportableRecord, suggestionProvenanceJson, type ExportRecord, type ExportRecordSource, type ExportSpan, type SuggestionProvenance } from "@/lib/export/export-record";
import type { ExportFilePiece } from "@/lib/export/export-stream";
import {
  LABEL_STUDIO_CHOICES_NAME,
  LABEL_STUDIO_ENTITIES_NAME,
  LABEL_STUDIO_TEXT_NAME,
  labelStudioConfigXml,
  type LabelStudioLabelSet,
} from "@/lib/export/label-studio-config";
import { LineBatcher } from "@/lib/export/line-batcher";
import { TextOffsets } from "@/lib/spans/offsets";

/**
 * Label Studio export, writer version 2: a folder of two files.
 *
 *   label-studio.json     the tasks, in Label Studio's JSON format of annotated tasks
 *   labeling-config.xml   the labeling config of a Label Studio project with the same labels
 *
 * label-studio.json is one array, written as `[`, one task per line separated by `,\n`, then `]`
 * and a final `\n`:
 *
 *   { "id": <1, 2, … in snapshot order>,
 *     "data": { "text": ..., "goldset_id": "<item id>", ...metadata },
 *     "annotations": [ the final label: { completed_by: { email: "resolution@goldset.invalid" },
 *                                         result, ground_truth: true, was_cancelled: false },
 *                      one per raw annotation: { completed_by: { email }, result,
 *                                                ground_truth: false, was_cancelled: false, created_at } ],
 *     "predictions": [ { model_version, score?, result } ]   (the suggestion shown, when frozen),
 *     "meta": { "goldset": { decided_by, agreement, annotators, not_sure, suggestion, split?,
 *                            annotations? (not sure and suggestion action of each raw one) } } }
 *
 * Label Studio wants numeric task ids, so the Goldset id travels in `data.goldset_id`, which
 * Goldset's own importer reads back as the item id. Every annotation says who made it, by email;
 * the final label is Goldset's verdict rather than a person's, so it is completed by a reserved
 * address that Goldset's importer leaves out. Label Studio has no "not sure", so that mark travels
 * in `meta.goldset.annotations`, where Goldset's importer finds it again. `data.text` is always the
 * item text: metadata keys named "text" or "goldset_id" are left out of `data`.
 */

export const LABEL_STUDIO_TASKS_PATH = "label-studio.json";
export const LABEL_STUDIO_CONFIG_PATH = "labeling-config.xml";
/** Key of `data` that holds the Goldset item id. */
export const LABEL_STUDIO_GOLDSET_ID_FIELD = "goldset_id";
/** The `completed_by` of the final-label annotation: no person, and no address that can receive mail. */
export const LABEL_STUDIO_RESOLUTION_EMAIL = "resolution@goldset.invalid";

export type LabelStudioFolderOptions = { labelSet: LabelStudioLabelSet };

export async function* writeLabelStudioFolder(
  records: ExportRecordSource,
  options: LabelStudioFolderOptions,
): AsyncGenerator<ExportFilePiece> {
  yield { path: LABEL_STUDIO_CONFIG_PATH, chunk: new TextEncoder().encode(labelStudioConfigXml(options.labelSet)) };
  const known = new Set(options.labelSet.names);
  const batcher = new LineBatcher();
  batcher.add("[");
  let taskId = 0;
  for await (const record of records) {
    taskId++;
    const chunk = batcher.add(`${taskId === 1 ? "\n" : ",\n"}${labelStudioTask(record, taskId, known)}`);
    if (chunk !== null) yield { path: LABEL_STUDIO_TASKS_PATH, chunk };
  }
  batcher.add(taskId === 0 ? "]\n" : "\n]\n");
  const rest = batcher.drain();
  if (rest !== null) yield { path: LABEL_STUDIO_TASKS_PATH, chunk: rest };
}

function labelStudioTask(record: ExportRecord, taskId: number, known: ReadonlySet<string>): string {
  assertExportableRecord(record);
  for (const label of record.labels) {
    if (!known.has(label)) {
      throw new Error(
        `item "${record.id}" has label "${label}", which is not in the project's labels (${[...known].join(", ")}); ` +
          "the Label Studio config would have no choice for it.",
      );
    }
  }
  const data: Record<string, unknown> = { text: record.text, [LABEL_STUDIO_GOLDSET_ID_FIELD]: record.id };
  if (record.metadata !== undefined) {
    const metadata = toCanonicalJsonValue(record.metadata, `item "${record.id}" metadata`) as Record<string, unknown>;
    for (const [key, value] of Object.entries(metadata)) if (!(key in data)) data[key] = value;
  }
  const suggestion = record.suggestion;
  const prediction = suggestion === null ? null : predictionOf(suggestion);
  const hasSpans = record.spans !== undefined || (record.annotations ?? []).some((annotation) => annotation.spans !== undefined);
  const offsets = hasSpans ? new TextOffsets(record.text) : null;
  const spanResults = (spans: readonly ExportSpan[] | undefined) => (offsets === null ? [] : labelsResults(spans ?? [], offsets));
  return JSON.stringify({
    id: taskId,
    data,
    annotations: [
      {
        completed_by: { email: LABEL_STUDIO_RESOLUTION_EMAIL },
        result: [...choicesResult(record.labels), ...spanResults(record.spans)],
        ground_truth: true,
        was_cancelled: false,
      },
      ...(record.annotations ?? []).map((annotation) => ({
        completed_by: { email: annotation.annotator },
        result: [...choicesResult(annotation.labels), ...spanResults(annotation.spans)],
        ground_truth: false,
        was_cancelled: false,
        created_at: annotation.createdAt,
      })),
    ],
    predictions: prediction === null ? [] : [prediction],
    meta: {
      goldset: {
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
        })),
      },
    },
  });
}

/**
 * The suggestion as a Label Studio prediction, named as annotators saw it ("llm · gpt-4o-mini ·
 * prompt v3"). Snapshots made before suggestions were frozen with their labels have none to give.
 */
function predictionOf(suggestion: SuggestionProvenance): Record<string, unknown> | null {
  if (suggestion.labels === undefined || suggestion.labels.length === 0) return null;
  const version = [
    suggestion.source,
    suggestion.model,
    suggestion.promptVersion === undefined || suggestion.promptVersion === null ? undefined : `prompt v${suggestion.promptVersion}`,
  ]
    .filter((part) => part !== undefined)
    .join(" · ");
  return {
    model_version: version === "" ? "unknown" : version,
    ...(suggestion.confidence === undefined || suggestion.confidence === null ? {} : { score: suggestion.confidence }),
    result: choicesResult(suggestion.labels),
  };
}

/**
 * A spans project's entities as Labels regions. Label Studio places a region by JavaScript string
 * index, so `start` and `end` are UTF-16 code units here, unlike every other Goldset export (code
 * points, docs/decisions/0009): after an emoji they are one more. `text` is the span's text, so a
 * reader can check where it lies. Only spans snapshots have these regions, and none was exported by
 * a release that wrote code points here, so writer version 2 keeps its recorded hashes.
 */
function labelsResults(spans: readonly ExportSpan[], offsets: TextOffsets): unknown[] {
  return spans.map((span) => ({
    from_name: LABEL_STUDIO_ENTITIES_NAME,
    to_name: LABEL_STUDIO_TEXT_NAME,
    type: "labels",
    value: { start: offsets.utf16Of(span.start), end: offsets.utf16Of(span.end), text: span.text, labels: [span.label] },
  }));
}

/** A Choices region; an annotation with no label has an empty result rather than empty choices. */
function choicesResult(labels: string[]): unknown[] {
  if (labels.length === 0) return [];
  return [{ from_name: LABEL_STUDIO_CHOICES_NAME, to_name: LABEL_STUDIO_TEXT_NAME, type: "choices", value: { choices: labels } }];
}
