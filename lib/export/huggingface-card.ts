import { DECIDED_BY, SPLITS, type DecidedBy } from "@/lib/export/export-record";
import type { ExportSummary } from "@/lib/export/export-summary";
import { huggingFaceFeatures } from "@/lib/export/huggingface-rows";
import { renderYaml, type YamlMapping, type YamlValue } from "@/lib/export/render-yaml";
import type { SplitSettings } from "@/lib/export/stratified-split";

/**
 * The dataset card (README.md) of a Hugging Face export: YAML front matter the Hub reads, then a
 * datasheet in prose. Front-matter fields follow the Hub's dataset card spec (hub-docs
 * datasetcard.md: license, pretty_name, task_categories, task_ids, size_categories, configs with
 * data_files per split) and the `dataset_info` layout `datasets` writes when pushing to the Hub.
 * Everything comes from the snapshot and the streamed records; nothing reads the clock.
 */

export type DatasetCardSnapshot = {
  snapshotId: string;
  snapshotVersion: number;
  projectName: string;
  /** pretty_name on the Hub and the card's title. */
  title: string;
  /** Markdown, placed under the title as written. */
  description?: string;
  /** A Hub license id such as "cc-by-4.0", or "other". */
  license: string;
  /** ISO 639-1 codes. */
  languages?: string[];
  createdBy: string;
  /** When the snapshot was made (ISO 8601), from the snapshot, not the time of export. */
  createdAt: string;
  /** `entityTypes`: a spans project's (`names` then holds its item-level labels, possibly none). */
  labelSet: { version: string | number; names: string[]; multiLabel: boolean; entityTypes?: string[] };
  /** The resolution rules the snapshot was made with, in the order to show them. */
  rules: Array<{ name: string; value: string | number | boolean }>;
  /** Agreement figures computed for the snapshot (lib/agreement), in the order to show them. */
  agreement: Array<{ measure: string; value: number | null; scope?: string }>;
  /** Present when the export is split; then every record must carry its split. */
  split?: SplitSettings;
  /**
   * The project's annotators per item and the snapshot's minimum when the snapshot was made.
   * Snapshots made before Goldset recorded them leave this out, and their cards stay as they were
   * (such snapshots hold no `single` items).
   */
  coverage?: { overlap: number; minAnnotations: number };
};

/** A written data file as the card lists it. `split` is the Hub split name it is loaded as. */
export type CardDataFile = { split: string; path: string; examples: number; bytes: number; sha256: string };

export type DatasetCardInput = {
  snapshot: DatasetCardSnapshot;
  summary: ExportSummary;
  dataFiles: CardDataFile[];
};

const DECIDED_BY_MEANING: Record<DecidedBy, string> = {
  adjudicated: "a reviewer settled a disagreement",
  unanimous: "every annotator chose the same labels",
  single: "one annotator's label: nobody else voted on the item",
  majority: "the labels most annotators chose",
  "dawid-skene": "the Dawid–Skene estimate, which weighs annotators by their estimated reliability",
};

export function renderDatasetCard(input: DatasetCardInput): string {
  return `---\n${renderYaml(cardMetadata(input))}---\n\n${renderDatasheet(input)}`;
}

function cardMetadata({ snapshot, summary, dataFiles }: DatasetCardInput): YamlMapping {
  const { labelSet } = snapshot;
  const metadata: YamlMapping = {
    license: snapshot.license,
    pretty_name: snapshot.title,
  };
  if (snapshot.languages !== undefined && snapshot.languages.length > 0) metadata.language = snapshot.languages;
  if (labelSet.entityTypes) {
    metadata.task_categories = ["token-classification"];
    metadata.task_ids = ["named-entity-recognition"];
  } else {
    metadata.task_categories = ["text-classification"];
    metadata.task_ids = [labelSet.multiLabel ? "multi-label-classification" : "multi-class-classification"];
  }
  metadata.size_categories = [sizeCategory(summary.examples)];
  if (dataFiles.length > 0) {
    metadata.configs = [
      {
        config_name: "default",
        data_files: dataFiles.map((file): YamlValue => ({ split: file.split, path: file.path })),
      },
    ];
  }
  metadata.dataset_info = {
    features: huggingFaceFeatures({
      names: labelSet.names,
      multiLabel: labelSet.multiLabel,
      entityTypes: labelSet.entityTypes,
      hasMetadata: summary.hasMetadata,
      hasAnnotations: summary.hasAnnotations,
    }),
    splits: dataFiles.map((file): YamlValue => ({ name: file.split, num_examples: file.examples })),
  };
  return metadata;
}

/** The Hub's size buckets; n<1K means fewer than 1,000 examples, 1K<n<10K from 1,000 up, and so on. */
function sizeCategory(examples: number): string {
  const buckets = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B"];
  let ceiling = 1_000;
  for (const bucket of buckets) {
    if (examples < ceiling) return bucket;
    ceiling *= 10;
  }
  return "1B<n<10B";
}

function renderDatasheet({ snapshot, summary, dataFiles }: DatasetCardInput): string {
  const sections = [
    `# ${inline(snapshot.title)}`,
    ...(snapshot.description === undefined ? [] : [snapshot.description.trim()]),
    `Golden labels from the Goldset project ${inline(snapshot.projectName)}: ` +
      `snapshot ${inline(snapshot.snapshotId)} (version ${snapshot.snapshotVersion}), ` +
      `made by ${inline(snapshot.createdBy)} at ${inline(snapshot.createdAt)}. ` +
      `${summary.examples} examples, label set version ${inline(String(snapshot.labelSet.version))} ` +
      `(${snapshot.labelSet.multiLabel ? "multi-label" : "single-label"}).`,
    filesSection(dataFiles, snapshot.labelSet),
    ...(snapshot.split === undefined ? [] : [splitSection(snapshot.split)]),
    labelsSection(snapshot, summary, dataFiles),
    decisionSection(snapshot, summary),
    agreementSection(snapshot, summary),
    suggestionSection(summary),
    provenanceSection(snapshot),
  ];
  return `${sections.join("\n\n")}\n`;
}

function filesSection(dataFiles: CardDataFile[], labelSet: DatasetCardSnapshot["labelSet"]): string {
  const spans = labelSet.entityTypes !== undefined;
  // A spans project without item-level labels has no label column (huggingface-rows.ts).
  const labelColumn =
    spans && labelSet.names.length === 0 ? "" : labelSet.multiLabel ? ", `labels` (the label names)" : ", `label` (the label name)";
  const rows = dataFiles.map(
    (file) => `| ${file.split} | \`${file.path}\` | ${file.examples} | ${file.bytes} | \`${file.sha256}\` |`,
  );
  return [
    "## Files",
    "",
    "| Split | File | Examples | Bytes | SHA-256 |",
    "| --- | --- | ---: | ---: | --- |",
    ...rows,
    "",
    "Each line of a data file is one JSON object: `id`, `text`" +
      labelColumn +
      (spans
        ? ", `spans` (the entities: `start` and `end` in Unicode code points of `text`, end exclusive, so `text[start:end]` in Python is the span's `text`; and `label`, the entity type), " +
          "`tokens` (the item's tokens: the ones recorded when it was imported from CoNLL, else its Unicode word segmentation, " +
          "words, punctuation and symbols without whitespace, cut where a span starts or ends inside a token) and `ner_tags` " +
          "(one BIO tag per token, a ClassLabel: `O`, then `B-` on an entity's first token and `I-` on the rest, per entity type; " +
          "where spans overlap, the tags hold the one that starts first, the longer on a tie, and `spans` holds them all; " +
          "the snapshot's CoNLL export, `conll`, writes the same tokens and tags as `token<TAB>tag` lines with a blank line after each item)"
        : "") +
      ", `decided_by`, `agreement` (this item's agreement, null when not computed), `annotators`, " +
      '`not_sure` (how many annotators marked the item "not sure"), `suggestion` (the pre-label shown, ' +
      "whether the final label accepted it, and where it came from; null when none was shown), and, " +
      "when present, `metadata` (the item's metadata as a JSON string) and `annotations` (every raw annotation). " +
      "This README is not in the table: its hash is in the export manifest Goldset keeps with the snapshot. " +
      "Exporting the same snapshot again gives byte-identical files.",
  ].join("\n");
}

function splitSection(split: SplitSettings): string {
  const fractions = SPLITS.map((name) => `${name} ${split.fractions[name]}`).join(", ");
  return [
    "## Splits",
    "",
    `Stratified by each item's first label with seed ${split.seed} (${fractions}). Within each label the ` +
      "items are ranked by a seeded hash of their id and the quotas come from largest-remainder rounding, " +
      "so every label keeps its proportion in every split and the same seed always gives the same split.",
  ].join("\n");
}

function labelsSection(snapshot: DatasetCardSnapshot, summary: ExportSummary, dataFiles: CardDataFile[]): string {
  const splits = dataFiles.map((file) => file.split);
  const rows = snapshot.labelSet.names.map((label) => {
    const bySplit = summary.labelCounts.get(label);
    const counts = splits.map((split) => bySplit?.get(split) ?? 0);
    const total = counts.reduce((sum, count) => sum + count, 0);
    return `| ${inline(label)} | ${[...counts, total].join(" | ")} |`;
  });
  return [
    "## Labels",
    "",
    `| Label | ${[...splits, "total"].join(" | ")} |`,
    `| --- |${" ---: |".repeat(splits.length + 1)}`,
    ...rows,
  ].join("\n");
}

function decisionSection(snapshot: DatasetCardSnapshot, summary: ExportSummary): string {
  const ways = snapshot.coverage === undefined ? DECIDED_BY.filter((way) => way !== "single") : DECIDED_BY;
  const rows = ways.map((way) => {
    const items = summary.decidedBy[way];
    return `| ${way} | ${items} | ${percent(items, summary.examples)} | ${DECIDED_BY_MEANING[way]} |`;
  });
  const rules =
    snapshot.rules.length === 0
      ? ["No resolution rules were recorded with this snapshot."]
      : snapshot.rules.map((rule) => `- ${inline(rule.name)}: ${inline(String(rule.value))}`);
  return [
    "## How the labels were decided",
    "",
    "| Decided by | Items | Share | Meaning |",
    "| --- | ---: | ---: | --- |",
    ...rows,
    "",
    `Items with at least one "not sure" mark: ${summary.notSureItems} ` +
      `(not-sure marks in all: ${summary.notSureMarks}).`,
    ...(snapshot.coverage === undefined ? [] : ["", onePersonSentence(snapshot.coverage, summary)]),
    "",
    "Rules of this snapshot:",
    "",
    ...rules,
  ].join("\n");
}

function onePersonSentence({ overlap, minAnnotations }: { overlap: number; minAnnotations: number }, summary: ExportSummary): string {
  const single = summary.decidedBy.single;
  const resting = `${single} of ${summary.examples} items (${percent(single, summary.examples)}) rest on one person's label (decided by \`single\`).`;
  return minAnnotations < overlap
    ? `The project asks for ${overlap} annotations per item; this snapshot lowered the minimum to ${minAnnotations}. ${resting}`
    : `The project asks for ${overlap} annotations per item and this snapshot requires at least ${minAnnotations}. ${resting}`;
}

function agreementSection(snapshot: DatasetCardSnapshot, summary: ExportSummary): string {
  const lines = ["## Agreement", ""];
  if (snapshot.agreement.length > 0) {
    lines.push("| Measure | Value | Scope |", "| --- | ---: | --- |");
    for (const figure of snapshot.agreement) {
      const value = figure.value === null ? "n/a" : figure.value.toFixed(3);
      lines.push(`| ${inline(figure.measure)} | ${value} | ${inline(figure.scope ?? "all items")} |`);
    }
    lines.push("");
  }
  lines.push(
    summary.agreementItems === 0
      ? "No item carries a per-item agreement figure."
      : `Per-item agreement over the ${summary.agreementItems} items that have one: mean ` +
          `${(summary.agreementSum / summary.agreementItems).toFixed(3)}, lowest ${summary.agreementMin.toFixed(3)}, ` +
          `highest ${summary.agreementMax.toFixed(3)}.`,
  );
  return lines.join("\n");
}

function suggestionSection(summary: ExportSummary): string {
  const lines = [
    "## Suggestions",
    "",
    `Final labels that came from an accepted suggestion: ${summary.suggestionsAccepted} of ${summary.examples} ` +
      `(${percent(summary.suggestionsAccepted, summary.examples)}). Items shown a suggestion the final label did ` +
      `not accept: ${summary.suggestionsShown - summary.suggestionsAccepted}.`,
  ];
  const tallies = summary.acceptedSuggestions();
  if (tallies.length > 0) {
    lines.push("", "| Source | Model | Prompt version | Accepted labels |", "| --- | --- | ---: | ---: |");
    for (const tally of tallies) {
      lines.push(
        `| ${inline(tally.source ?? "unknown")} | ${inline(tally.model ?? "unknown")} | ` +
          `${tally.promptVersion ?? "n/a"} | ${tally.labels} |`,
      );
    }
  }
  return lines.join("\n");
}

function provenanceSection(snapshot: DatasetCardSnapshot): string {
  return [
    "## Provenance",
    "",
    `- Project: ${inline(snapshot.projectName)}`,
    `- Snapshot: ${inline(snapshot.snapshotId)}, version ${snapshot.snapshotVersion}`,
    `- Made by: ${inline(snapshot.createdBy)}`,
    `- Made at: ${inline(snapshot.createdAt)}`,
    `- Label set version: ${inline(String(snapshot.labelSet.version))}`,
    `- Labels: ${snapshot.labelSet.names.map(inline).join(", ")}`,
    `- License: ${inline(snapshot.license)}`,
  ].join("\n");
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0.0%" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** User text inside one Markdown line or table cell: no line breaks, no column bars, no raw HTML. */
function inline(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("`", "\\`")
    .replaceAll("<", "&lt;");
}
