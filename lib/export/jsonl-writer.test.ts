import { describe, expect, it } from "vitest";

import { CSV_COLUMNS } from "@/lib/export/csv-writer";
import type { ExportRecord } from "@/lib/export/export-record";
import { HuggingFaceRowWriter } from "@/lib/export/huggingface-rows";
import { exportRecordToJson, writeJsonl } from "@/lib/export/jsonl-writer";
import { collectChunks, collectText, exportRecord } from "@/lib/export/testing/export-fixtures";

const full: ExportRecord = exportRecord({
  id: "a2",
  text: "Ça va?\r\nok",
  labels: ["ham"],
  decidedBy: "adjudicated",
  agreement: 0.5,
  annotators: 2,
  notSure: 1,
  suggestion: { accepted: true, source: "llm", model: "gpt-4o-mini", promptVersion: 3 },
  split: "validation",
  metadata: { zeta: 1, alpha: { y: 2, x: 1 } },
  annotations: [
    { annotator: "ana@x.org", labels: ["ham"], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", suggestionAction: "accepted" },
    { annotator: "bo@x.org", labels: [], notSure: true, createdAt: "2024-05-01T10:01:00.000Z", suggestionAction: "none" },
  ],
});

describe("writeJsonl", () => {
  it("writes snake_case keys in a fixed order, nested objects included", () => {
    expect(exportRecordToJson(full)).toBe(
      '{"id":"a2","text":"Ça va?\\r\\nok","labels":["ham"],"decided_by":"adjudicated","agreement":0.5,"annotators":2,"not_sure":1,' +
        '"suggestion":{"accepted":true,"source":"llm","model":"gpt-4o-mini","prompt_version":3},"split":"validation",' +
        '"metadata":{"alpha":{"x":1,"y":2},"zeta":1},' +
        '"annotations":[{"annotator":"ana@x.org","labels":["ham"],"not_sure":false,"created_at":"2024-05-01T10:00:00.000Z","suggestion_action":"accepted"},' +
        '{"annotator":"bo@x.org","labels":[],"not_sure":true,"created_at":"2024-05-01T10:01:00.000Z","suggestion_action":"none"}]}',
    );
  });

  it("uses the CSV column names for every top-level field, and the Hugging Face row names for nested ones", () => {
    const line = JSON.parse(exportRecordToJson(full)) as Record<string, unknown>;
    const csvNames = new Set<string>(CSV_COLUMNS);
    // CSV flattens the suggestion into suggestion_* columns and leaves raw annotations out.
    for (const key of Object.keys(line)) if (key !== "suggestion" && key !== "annotations") expect(csvNames).toContain(key);
    for (const key of Object.keys(line.suggestion as object)) expect(csvNames).toContain(`suggestion_${key}`);
    const hfRow = JSON.parse(new HuggingFaceRowWriter({ names: ["ham", "spam"], multiLabel: false }).row(full)) as Record<string, unknown>;
    expect(Object.keys(line.suggestion as object)).toEqual(Object.keys(hfRow.suggestion as object));
    expect((line.annotations as object[]).map((a) => Object.keys(a))).toEqual((hfRow.annotations as object[]).map((a) => Object.keys(a)));
  });

  it("leaves absent optional keys out and writes null where the record says null", () => {
    expect(exportRecordToJson(exportRecord({ id: "x", agreement: null, decidedBy: "dawid-skene", suggestion: { accepted: false, promptVersion: null } }))).toBe(
      '{"id":"x","text":"text of x","labels":["ham"],"decided_by":"dawid-skene","agreement":null,"annotators":3,"not_sure":0,"suggestion":{"accepted":false,"prompt_version":null}}',
    );
  });

  it("gives byte-identical output for the same records written twice, one line per record", async () => {
    const records = [full, exportRecord({ id: "b" })];
    const first = await collectText(writeJsonl(records));
    expect(await collectText(writeJsonl(structuredClone(records)))).toBe(first);
    expect(first.split("\n")).toHaveLength(3);
    expect(first.endsWith("\n")).toBe(true);
  });

  it("cuts chunks only at line ends", async () => {
    const many = Array.from({ length: 3000 }, (_, index) => exportRecord({ id: `item-${index}`, text: "x".repeat(100) }));
    const chunks = await collectChunks(writeJsonl(many));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
  });

  it("refuses a number JSON cannot carry instead of writing it", async () => {
    await expect(collectText(writeJsonl([exportRecord({ id: "nan-item", agreement: Number.NaN })]))).rejects.toThrow(/item "nan-item": agreement/);
  });
});
