import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

import { createSha256Digest } from "@/lib/export/content-hash";
import type { ExportRecord } from "@/lib/export/export-record";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { writeHuggingFaceFolder } from "@/lib/export/huggingface-folder-writer";
import { assignSplits, planStratifiedSplit } from "@/lib/export/stratified-split";
import { collectFiles, exportRecord } from "@/lib/export/testing/export-fixtures";
import { readBlockYaml } from "@/lib/export/testing/read-block-yaml";

const snapshot: DatasetCardSnapshot = {
  snapshotId: "snap_7",
  snapshotVersion: 2,
  projectName: "SMS spam",
  title: "SMS spam: golden set",
  license: "cc-by-4.0",
  createdBy: "lead@example.org",
  createdAt: "2024-06-01T12:00:00.000Z",
  labelSet: { version: 3, names: ["ham", "spam"], multiLabel: false },
  rules: [{ name: "minimum annotators", value: 3 }],
  agreement: [{ measure: "Krippendorff's alpha", value: 0.8123 }],
  split: { seed: 42, fractions: { train: 0.8, validation: 0.1, test: 0.1 } },
};

const twoRecords: ExportRecord[] = [
  exportRecord({
    id: "a",
    text: "WIN cash",
    labels: ["spam"],
    split: "train",
    suggestion: { accepted: true, source: "llm", model: "gpt-4o-mini", promptVersion: 2 },
  }),
  exportRecord({ id: "b", text: "see you", split: "test", decidedBy: "majority", agreement: 0.5, notSure: 1 }),
];

function write(records: Iterable<ExportRecord> | AsyncIterable<ExportRecord>, card = snapshot) {
  return collectFiles(writeHuggingFaceFolder(records, { snapshot: card, createDigest: createSha256Digest }));
}

function frontMatter(readme: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readme);
  if (match === null) throw new Error("README.md has no YAML front matter");
  return `${match[1]}\n`;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("writeHuggingFaceFolder", () => {
  it("writes one data file per non-empty split, then the card", async () => {
    const { files, pieceOrder } = await write(twoRecords);
    expect([...files.keys()]).toEqual(["data/train.jsonl", "data/test.jsonl", "README.md"]);
    expect(pieceOrder.at(-1)).toBe("README.md");
    expect(files.get("data/train.jsonl")).toBe(
      '{"id":"a","text":"WIN cash","label":"spam","decided_by":"unanimous","agreement":1,"annotators":3,"not_sure":0,' +
        '"suggestion":{"accepted":true,"source":"llm","model":"gpt-4o-mini","prompt_version":2}}\n',
    );
    expect(files.get("data/test.jsonl")).toBe(
      '{"id":"b","text":"see you","label":"ham","decided_by":"majority","agreement":0.5,"annotators":3,"not_sure":1,' +
        '"suggestion":null}\n',
    );
  });

  it("writes the front matter the Hub expects: configs, ClassLabel features and split sizes", async () => {
    const { files } = await write(twoRecords);
    expect(frontMatter(files.get("README.md") as string)).toBe(
      [
        "license: cc-by-4.0",
        'pretty_name: "SMS spam: golden set"',
        "task_categories:",
        "- text-classification",
        "task_ids:",
        "- multi-class-classification",
        "size_categories:",
        "- n<1K",
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - split: train",
        "    path: data/train.jsonl",
        "  - split: test",
        "    path: data/test.jsonl",
        "dataset_info:",
        "  features:",
        "  - name: id",
        "    dtype: string",
        "  - name: text",
        "    dtype: string",
        "  - name: label",
        "    dtype:",
        "      class_label:",
        "        names:",
        "          '0': ham",
        "          '1': spam",
        "  - name: decided_by",
        "    dtype: string",
        "  - name: agreement",
        "    dtype: float64",
        "  - name: annotators",
        "    dtype: int64",
        "  - name: not_sure",
        "    dtype: int64",
        "  - name: suggestion",
        "    struct:",
        "    - name: accepted",
        "      dtype: bool",
        "    - name: source",
        "      dtype: string",
        "    - name: model",
        "      dtype: string",
        "    - name: prompt_version",
        "      dtype: int64",
        "  splits:",
        "  - name: train",
        "    num_examples: 1",
        "  - name: test",
        "    num_examples: 1",
        "",
      ].join("\n"),
    );
  });

  it("states in the card the size and SHA-256 of every data file it wrote", async () => {
    const { files } = await write(twoRecords);
    const readme = files.get("README.md") as string;
    for (const path of ["data/train.jsonl", "data/test.jsonl"]) {
      const content = files.get(path) as string;
      expect(readme).toContain(`\`${path}\` | 1 | ${Buffer.byteLength(content)} | \`${sha256(content)}\` |`);
    }
  });

  it("tells in the datasheet how labels were decided, agreement, suggestions and provenance", async () => {
    const { files } = await write(twoRecords);
    const readme = files.get("README.md") as string;
    expect(readme).toContain("| unanimous | 1 | 50.0% |");
    expect(readme).toContain("| majority | 1 | 50.0% |");
    expect(readme).toContain("| adjudicated | 0 | 0.0% |");
    expect(readme).toContain("| Krippendorff's alpha | 0.812 | all items |");
    expect(readme).toContain("mean 0.750, lowest 0.500, highest 1.000");
    expect(readme).toContain("from an accepted suggestion: 1 of 2 (50.0%)");
    expect(readme).toContain("| llm | gpt-4o-mini | 2 | 1 |");
    expect(readme).toContain("- minimum annotators: 3");
    expect(readme).toContain("- Made by: lead@example.org");
    expect(readme).toContain("- Made at: 2024-06-01T12:00:00.000Z");
    expect(readme).toContain("- Label set version: 3");
    expect(readme).toContain("with seed 42 (train 0.8, validation 0.1, test 0.1)");
  });

  it("writes the card of a snapshot made before `single` existed byte for byte as before", async () => {
    // SHA-256 of this README as Goldset wrote it before resolutions gained `single` (commit
    // f210382): a snapshot without recorded coverage must keep its recorded content hash.
    const { files } = await write(twoRecords);
    const readme = files.get("README.md") as string;
    expect(sha256(readme)).toBe("5050e6a6419c5e682fa8ea40af776e978816b1e1ef92244acbb6f434d606f8f7");
    expect(readme).not.toContain("| single |");
    expect(readme).not.toContain("rest on one person");
  });

  it("lists `single` items and states how many items rest on one person when the minimum was lowered", async () => {
    const records = [...twoRecords, exportRecord({ id: "c", text: "call me", split: "train", decidedBy: "single", agreement: null, annotators: 1 })];
    const lowered = await write(records, { ...snapshot, coverage: { overlap: 2, minAnnotations: 1 } });
    const readme = lowered.files.get("README.md") as string;
    expect(readme).toContain("| unanimous | 1 | 33.3% |");
    expect(readme).toContain("| single | 1 | 33.3% | one annotator's label: nobody else voted on the item |");
    expect(readme).toContain(
      "The project asks for 2 annotations per item; this snapshot lowered the minimum to 1. " +
        "1 of 3 items (33.3%) rest on one person's label (decided by `single`).",
    );
    const kept = await write(twoRecords, { ...snapshot, coverage: { overlap: 2, minAnnotations: 2 } });
    expect(kept.files.get("README.md")).toContain(
      "The project asks for 2 annotations per item and this snapshot requires at least 2. 0 of 2 items (0.0%) rest on one person's label",
    );
  });

  it("writes a card whose YAML parses back with counts that match the data files", async () => {
    const items = Array.from({ length: 100 }, (_, index) =>
      exportRecord({ id: `item-${String(index).padStart(3, "0")}`, labels: [index % 10 === 3 ? "spam" : "ham"] }),
    );
    const plan = await planStratifiedSplit(
      items.map((item) => ({ id: item.id, label: item.labels[0] as string })),
      snapshot.split as NonNullable<DatasetCardSnapshot["split"]>,
    );
    const { files } = await write(assignSplits(items, plan));
    const readme = files.get("README.md") as string;
    const metadata = readBlockYaml(frontMatter(readme)) as {
      configs: Array<{ data_files: Array<{ split: string; path: string }> }>;
      dataset_info: { splits: Array<{ name: string; num_examples: number }> };
      size_categories: string[];
    };
    expect(metadata.dataset_info.splits).toEqual([
      { name: "train", num_examples: 80 },
      { name: "validation", num_examples: 10 },
      { name: "test", num_examples: 10 },
    ]);
    for (const { split, path } of metadata.configs[0]?.data_files ?? []) {
      const lines = (files.get(path) as string).trimEnd().split("\n");
      const declared = metadata.dataset_info.splits.find((entry) => entry.name === split);
      expect(lines).toHaveLength(declared?.num_examples ?? -1);
    }
    expect(metadata.size_categories).toEqual(["n<1K"]);
    expect(readme).toContain("| spam | 8 | 1 | 1 | 10 |");
    expect(readme).toContain("| ham | 72 | 9 | 9 | 90 |");
  });

  it("gives byte-identical files for the same snapshot exported twice", async () => {
    const first = await write(twoRecords);
    const second = await write(structuredClone(twoRecords));
    expect(second.files).toEqual(first.files);
  });

  it("writes data/all.jsonl, loaded as split train, when the export is not split", async () => {
    const unsplit = twoRecords.map((record) => ({ ...record, split: undefined }));
    const { files } = await write(unsplit, { ...snapshot, split: undefined });
    expect([...files.keys()]).toEqual(["data/all.jsonl", "README.md"]);
    const yaml = readBlockYaml(frontMatter(files.get("README.md") as string)) as {
      configs: Array<{ data_files: unknown }>;
      dataset_info: { splits: unknown };
    };
    expect(yaml.configs[0]?.data_files).toEqual([{ split: "train", path: "data/all.jsonl" }]);
    expect(yaml.dataset_info.splits).toEqual([{ name: "train", num_examples: 2 }]);
  });

  it("declares multi-label labels as a sequence of class labels and writes label lists", async () => {
    const multi = { ...snapshot, split: undefined, labelSet: { version: 1, names: ["billing", "bug", "other"], multiLabel: true } };
    const records = [exportRecord({ id: "t1", labels: ["bug", "billing"] }), exportRecord({ id: "t2", labels: [] })];
    const { files } = await write(records, multi);
    const yaml = readBlockYaml(frontMatter(files.get("README.md") as string)) as {
      task_ids: string[];
      dataset_info: { features: Array<Record<string, unknown>> };
    };
    expect(yaml.task_ids).toEqual(["multi-label-classification"]);
    expect(yaml.dataset_info.features[2]).toEqual({
      name: "labels",
      sequence: { class_label: { names: { "0": "billing", "1": "bug", "2": "other" } } },
    });
    const rows = (files.get("data/all.jsonl") as string).trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(rows.map((row) => row.labels)).toEqual([["bug", "billing"], []]);
  });

  it("declares metadata and raw annotations only when records carry them", async () => {
    const records = [
      exportRecord({
        id: "m",
        split: "train",
        metadata: { z: 1, a: "x" },
        annotations: [
          { annotator: "ana", labels: ["ham"], notSure: true, createdAt: "2024-01-01T00:00:00Z", suggestionAction: "none" },
        ],
      }),
    ];
    const { files } = await write(records);
    const yaml = readBlockYaml(frontMatter(files.get("README.md") as string)) as {
      dataset_info: { features: Array<{ name: string }> };
    };
    expect(yaml.dataset_info.features.map((feature) => feature.name)).toEqual([
      "id", "text", "label", "decided_by", "agreement", "annotators", "not_sure", "suggestion", "metadata", "annotations",
    ]);
    const row = JSON.parse(files.get("data/train.jsonl") as string);
    expect(row.metadata).toBe('{"a":"x","z":1}');
    expect(row.annotations).toEqual([
      { annotator: "ana", labels: ["ham"], not_sure: true, created_at: "2024-01-01T00:00:00Z", suggestion_action: "none" },
    ]);
  });

  it("refuses labels outside the label set, a missing split, and a split without split settings", async () => {
    await expect(write([exportRecord({ id: "x", labels: ["phish"], split: "train" })])).rejects.toThrow(
      'item "x" has label "phish", which is not in the label set (ham, spam)',
    );
    await expect(write([exportRecord({ id: "y", labels: ["ham", "spam"], split: "train" })])).rejects.toThrow(
      'item "y" has 2 labels but the label set is single-label',
    );
    await expect(write([exportRecord({ id: "z" })])).rejects.toThrow('item "z" has no split');
    await expect(write(twoRecords, { ...snapshot, split: undefined })).rejects.toThrow(
      'item "a" has split "train" but the snapshot has no split settings',
    );
  });
});

describe("writeHuggingFaceFolder for a spans project", () => {
  const spansCard: DatasetCardSnapshot = {
    ...snapshot,
    split: undefined,
    projectName: "NER",
    title: "NER: v1",
    labelSet: { version: 1, names: [], multiLabel: true, entityTypes: ["person", "location"] },
  };
  const lima = exportRecord({
    id: "lima",
    text: "Ana 🙂 met Bo in New York",
    labels: [],
    spans: [
      { start: 0, end: 3, label: "person", text: "Ana" },
      { start: 10, end: 12, label: "person", text: "Bo" },
      { start: 16, end: 24, label: "location", text: "New York" },
    ],
  });

  it("writes tokens and ner_tags ids beside the spans, and no label column when the project has no item labels", async () => {
    const { files } = await write([lima], spansCard);
    const row = JSON.parse((files.get("data/all.jsonl") as string).trimEnd());
    expect(Object.keys(row)).toEqual(["id", "text", "spans", "tokens", "ner_tags", "decided_by", "agreement", "annotators", "not_sure", "suggestion"]);
    expect(row.tokens).toEqual(["Ana", "🙂", "met", "Bo", "in", "New", "York"]);
    // O=0, B-person=1, I-person=2, B-location=3, I-location=4.
    expect(row.ner_tags).toEqual([1, 0, 0, 1, 0, 3, 4]);
    expect(row.spans[2]).toEqual({ start: 16, end: 24, label: "location", text: "New York" });
  });

  it("declares tokens as a string sequence and ner_tags as a sequence of a ClassLabel of the BIO tags", async () => {
    const { files } = await write([lima], spansCard);
    const yaml = readBlockYaml(frontMatter(files.get("README.md") as string)) as {
      task_categories: string[];
      dataset_info: { features: Array<Record<string, unknown>> };
    };
    expect(yaml.task_categories).toEqual(["token-classification"]);
    expect(yaml.dataset_info.features.slice(0, 5)).toEqual([
      { name: "id", dtype: "string" },
      { name: "text", dtype: "string" },
      {
        name: "spans",
        list: [
          { name: "start", dtype: "int64" },
          { name: "end", dtype: "int64" },
          { name: "label", dtype: "string" },
          { name: "text", dtype: "string" },
        ],
      },
      { name: "tokens", sequence: "string" },
      { name: "ner_tags", sequence: { class_label: { names: { "0": "O", "1": "B-person", "2": "I-person", "3": "B-location", "4": "I-location" } } } },
    ]);
    expect(files.get("README.md")).toContain("`ner_tags` (one BIO tag per token, a ClassLabel");
  });

  it("keeps the item-level labels column of a spans project that has item labels", async () => {
    const card = { ...spansCard, labelSet: { ...spansCard.labelSet, names: ["urgent"] } };
    const { files } = await write([{ ...lima, labels: ["urgent"] }], card);
    const row = JSON.parse((files.get("data/all.jsonl") as string).trimEnd());
    expect(row.labels).toEqual(["urgent"]);
    expect(Object.keys(row).slice(0, 6)).toEqual(["id", "text", "labels", "spans", "tokens", "ner_tags"]);
  });
});
