import { canonicalJson } from "@/lib/export/canonical-json";
import { assertExportableRecord, suggestionProvenanceJson, type ExportRecord } from "@/lib/export/export-record";
import type { YamlMapping, YamlValue } from "@/lib/export/render-yaml";
import { spanJson } from "@/lib/export/jsonl-writer";
import { bioTagNames, spanTokenTags } from "@/lib/export/span-token-tags";

/**
 * The row schema of the Hugging Face data files and the `dataset_info.features` that declares it;
 * kept in one file so the two cannot drift apart.
 *
 * Row keys, in order: id, text, label (single-label: the label name) or labels (multi-label: a list
 * of names), decided_by, agreement, annotators, not_sure, suggestion {accepted, source, model,
 * prompt_version} or null, then metadata (the item metadata as a canonical JSON string, because its
 * keys vary per item and Arrow needs one type per column) and annotations, each only when the
 * record has them. Labels are written as names: `datasets` casts names to ClassLabel ids through
 * ClassLabel.cast_storage, and the files stay readable without the card.
 * Nested fields are always written in full (null when absent) so Arrow infers one struct type.
 *
 * A spans project's rows carry, after the labels, `spans` (the entities with code point offsets and
 * their text), `tokens` (the item's tokens, lib/export/span-token-tags.ts) and `ner_tags` (one BIO
 * tag id per token, a ClassLabel of O then B-/I- per entity type in label order), the layout of
 * token-classification datasets such as conll2003 and wnut_17. Tags are ids, not names, because
 * that is how those datasets store them and how `datasets` reads a sequence of ClassLabel.
 * These columns came without a writer-version bump: only spans snapshots have them, and no spans
 * snapshot was made by a Goldset release before them.
 */

/** `entityTypes`: a spans project's; its rows then carry `spans` after the labels. */
export type LabelSetSpec = { names: string[]; multiLabel: boolean; entityTypes?: string[] };

export class HuggingFaceRowWriter {
  private readonly known: Set<string>;
  /** Tag id by tag name, for a spans project. */
  private readonly tagIds: Map<string, number> | null;

  constructor(private readonly labelSet: LabelSetSpec) {
    this.known = new Set(labelSet.names);
    this.tagIds = labelSet.entityTypes ? new Map(bioTagNames(labelSet.entityTypes).map((tag, id) => [tag, id])) : null;
  }

  /** One record as a JSON row, without the line terminator. */
  row(record: ExportRecord): string {
    assertExportableRecord(record);
    this.assertLabels(record);
    const suggestion = record.suggestion;
    const labelField = !hasItemLabels(this.labelSet) ? {} : this.labelSet.multiLabel ? { labels: record.labels } : { label: record.labels[0] };
    return JSON.stringify({
      id: record.id,
      text: record.text,
      ...labelField,
      spans: this.labelSet.entityTypes ? (record.spans ?? []).map(spanJson) : undefined,
      ...this.tokenColumns(record),
      decided_by: record.decidedBy,
      agreement: record.agreement,
      annotators: record.annotators,
      not_sure: record.notSure,
      suggestion: suggestionProvenanceJson(suggestion),
      metadata:
        record.metadata === undefined ? undefined : canonicalJson(record.metadata, `item "${record.id}" metadata`),
      annotations: record.annotations?.map((annotation) => ({
        annotator: annotation.annotator,
        labels: annotation.labels,
        spans: this.labelSet.entityTypes ? (annotation.spans ?? []).map(spanJson) : undefined,
        not_sure: annotation.notSure,
        created_at: annotation.createdAt,
        suggestion_action: annotation.suggestionAction,
      })),
    });
  }

  private tokenColumns(record: ExportRecord): { tokens?: string[]; ner_tags?: number[] } {
    if (this.tagIds === null) return {};
    const tagIds = this.tagIds;
    const { tokens, tags } = spanTokenTags({ text: record.text, spans: record.spans ?? [], metadata: record.metadata });
    const ids = tags.map((tag) => {
      const id = tagIds.get(tag);
      if (id === undefined) {
        throw new Error(
          `item "${record.id}" has a span of type "${tag.slice(2)}", which is not an entity type of the project (${this.labelSet.entityTypes!.join(", ")}).`,
        );
      }
      return id;
    });
    return { tokens, ner_tags: ids };
  }

  private assertLabels(record: ExportRecord): void {
    if (!this.labelSet.multiLabel && record.labels.length !== 1) {
      throw new Error(
        `item "${record.id}" has ${record.labels.length} labels but the label set is single-label; ` +
          "resolve the item to one label or export the label set as multi-label.",
      );
    }
    for (const label of record.labels) {
      if (!this.known.has(label)) {
        throw new Error(
          `item "${record.id}" has label "${label}", which is not in the label set ` +
            `(${this.labelSet.names.join(", ")}); export with the label set version the snapshot was resolved with.`,
        );
      }
    }
  }
}

/**
 * Whether rows carry item-level labels: always in a classification project; in a spans project only
 * when it has item-level labels beside its entity types (a ClassLabel needs at least one name, and
 * an NER dataset such as wnut_17 has no such column).
 */
function hasItemLabels(labelSet: LabelSetSpec): boolean {
  return labelSet.entityTypes === undefined || labelSet.names.length > 0;
}

export type FeatureOptions = LabelSetSpec & { hasMetadata: boolean; hasAnnotations: boolean };

const SPAN_FEATURES: YamlValue[] = [
  { name: "start", dtype: "int64" },
  { name: "end", dtype: "int64" },
  { name: "label", dtype: "string" },
  { name: "text", dtype: "string" },
];

/** A ClassLabel's `names`: id to name. */
function classLabelNames(names: readonly string[]): YamlMapping {
  // Integer-like keys enumerate in ascending numeric order, which is the id order ClassLabel needs.
  const byId: YamlMapping = {};
  names.forEach((name, index) => {
    byId[String(index)] = name;
  });
  return byId;
}

/** `dataset_info.features` in the YAML layout `datasets` writes (Features._to_yaml_list). */
export function huggingFaceFeatures(options: FeatureOptions): YamlValue[] {
  const classLabel: YamlMapping = { class_label: { names: classLabelNames(options.names) } };
  const features: YamlValue[] = [
    { name: "id", dtype: "string" },
    { name: "text", dtype: "string" },
    // `sequence` is what every `datasets` release reads as a list of class labels.
    ...(!hasItemLabels(options) ? [] : [options.multiLabel ? { name: "labels", sequence: classLabel } : { name: "label", dtype: classLabel }]),
    ...(options.entityTypes
      ? [
          { name: "spans", list: SPAN_FEATURES },
          { name: "tokens", sequence: "string" },
          { name: "ner_tags", sequence: { class_label: { names: classLabelNames(bioTagNames(options.entityTypes)) } } },
        ]
      : []),
    { name: "decided_by", dtype: "string" },
    { name: "agreement", dtype: "float64" },
    { name: "annotators", dtype: "int64" },
    { name: "not_sure", dtype: "int64" },
    {
      name: "suggestion",
      struct: [
        { name: "accepted", dtype: "bool" },
        { name: "source", dtype: "string" },
        { name: "model", dtype: "string" },
        { name: "prompt_version", dtype: "int64" },
      ],
    },
  ];
  if (options.hasMetadata) features.push({ name: "metadata", dtype: "string" });
  if (options.hasAnnotations) {
    features.push({
      name: "annotations",
      // `list` of a struct is a list of objects per row; `sequence` of a struct would mean columns.
      list: [
        { name: "annotator", dtype: "string" },
        { name: "labels", sequence: "string" },
        ...(options.entityTypes ? [{ name: "spans", list: SPAN_FEATURES }] : []),
        { name: "not_sure", dtype: "bool" },
        { name: "created_at", dtype: "string" },
        { name: "suggestion_action", dtype: "string" },
      ],
    });
  }
  return features;
}
