import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { writeConllFolder } from "@/lib/export/conll-writer";
import type { ExportRecord } from "@/lib/export/export-record";
import { CONLL_METADATA_KEY } from "@/lib/import/spans-conll";
import { collectFiles, exportRecord } from "@/lib/export/testing/export-fixtures";
import { parseConll } from "@/lib/spans/conll";

const datasets = resolve(import.meta.dirname, "../..", process.env.GOLDSET_DATASETS ?? "../shared/datasets");

const entityTypes = ["person", "location"];

function spansRecord(id: string, text: string, spans: { start: number; end: number; label: string }[], extra: Partial<ExportRecord> = {}): ExportRecord {
  const characters = Array.from(text);
  return exportRecord({ id, text, labels: [], spans: spans.map((s) => ({ ...s, text: characters.slice(s.start, s.end).join("") })), ...extra });
}

async function conll(records: ExportRecord[], split = false) {
  return (await collectFiles(writeConllFolder(records, { entityTypes, split }))).files;
}

describe("writeConllFolder", () => {
  it("writes token<TAB>tag lines and a blank line after each item, in record order", async () => {
    const files = await conll([
      spansRecord("lima", "Ana 🙂 met Bo in Lima", [
        { start: 0, end: 3, label: "person" },
        { start: 10, end: 12, label: "person" },
        { start: 16, end: 20, label: "location" },
      ]),
      spansRecord("nyc", "Bo Ana flew to New York", [
        { start: 0, end: 2, label: "person" },
        { start: 3, end: 6, label: "person" },
        { start: 15, end: 23, label: "location" },
      ]),
      spansRecord("accent", "Jose\u0301 left.", [{ start: 0, end: 5, label: "person" }]),
    ]);
    expect([...files.keys()]).toEqual(["data.conll"]);
    expect(files.get("data.conll")).toBe(
      "Ana\tB-person\n🙂\tO\nmet\tO\nBo\tB-person\nin\tO\nLima\tB-location\n\n" +
        "Bo\tB-person\nAna\tB-person\nflew\tO\nto\tO\nNew\tB-location\nYork\tI-location\n\n" +
        "Jose\u0301\tB-person\nleft\tO\n.\tO\n\n",
    );
  });

  it("gives back the CoNLL tokens an import recorded, and writes no lines for an item without tokens", async () => {
    const text = "#wnut at Redondo Beach Blvd !";
    const files = await conll([
      spansRecord("s1", text, [{ start: 9, end: 27, label: "location" }], { metadata: { [CONLL_METADATA_KEY]: { tokens: [[0, 5], [6, 8], [9, 16], [17, 22], [23, 27], [28, 29]], separator: "\t" } } }),
      spansRecord("blank", " \n ", []),
    ]);
    expect(files.get("data.conll")).toBe("#wnut\tO\nat\tO\nRedondo\tB-location\nBeach\tI-location\nBlvd\tI-location\n!\tO\n\n");
  });

  it("keeps the space between token and tag of an item imported from a space-separated file", async () => {
    const files = await conll([
      spansRecord("s", "Ana left", [{ start: 0, end: 3, label: "person" }], { metadata: { [CONLL_METADATA_KEY]: { tokens: [[0, 3], [4, 8]], separator: " " } } }),
    ]);
    expect(files.get("data.conll")).toBe("Ana B-person\nleft O\n\n");
  });

  // dev.conll ends every sentence with an empty line; train.conll ends 2,394 of its 3,394 with a
  // line holding one tab, which the import records so the file still comes back as it was.
  it.each([
    ["dev.conll", 1009],
    ["train.conll", 3394],
  ])("gives back WNUT 2017's %s byte for byte from the items and spans its CoNLL import makes", async (name, sentences) => {
    const file = readFileSync(resolve(datasets, "wnut17", name), "utf8");
    const types = ["corporation", "creative-work", "group", "location", "person", "product"];
    const parsed = parseConll(file, { entityTypes: types });
    expect(parsed.problems).toEqual([]);
    const records = parsed.sentences.map((sentence, index) =>
      spansRecord(`s${index}`, sentence.text, sentence.spans, {
        metadata: { [CONLL_METADATA_KEY]: { tokens: sentence.tokens, separator: parsed.separator, ...(sentence.blank ? { blank: sentence.blank } : {}) } },
      }),
    );
    expect(records).toHaveLength(sentences);
    const { files } = await collectFiles(writeConllFolder(records, { entityTypes: types, split: false }));
    expect(files.get("data.conll") === file).toBe(true);
  });

  it("writes one file per split a split snapshot has, in split order", async () => {
    const files = await conll(
      [
        spansRecord("a", "Ana", [{ start: 0, end: 3, label: "person" }], { split: "test" }),
        spansRecord("b", "in Lima", [{ start: 3, end: 7, label: "location" }], { split: "train" }),
        spansRecord("c", "Bo", [], { split: "train" }),
      ],
      true,
    );
    expect(Object.fromEntries(files)).toEqual({ "train.conll": "in\tO\nLima\tB-location\n\nBo\tO\n\n", "test.conll": "Ana\tB-person\n\n" });
  });

  it("refuses overlapping spans, naming the item and the span, since BIO tags are flat", async () => {
    const record = spansRecord("ny", "New York City", [
      { start: 0, end: 8, label: "location" },
      { start: 4, end: 13, label: "location" },
    ]);
    await expect(conll([record])).rejects.toThrow(/item "ny": CoNLL BIO tags are flat and cannot hold the span 4\.\.13 location "York City"/);
  });

  it("refuses a span of a type that is not one of the project's entity types", async () => {
    await expect(conll([spansRecord("x", "Acme", [{ start: 0, end: 4, label: "org" }])])).rejects.toThrow(/"org", which is not an entity type of the project \(person, location\)/);
  });
});
