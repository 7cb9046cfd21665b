import { describe, expect, it } from "vitest";

import type { ExportRecord } from "@/lib/export/export-record";
import { exportRecordToJsonV1 as exportRecordToJson, writeJsonlV1 as writeJsonl } from "@/lib/export/jsonl-writer-v1";
import { collectChunks, collectText, exportRecord } from "@/lib/export/testing/export-fixtures";

const records: ExportRecord[] = [
  exportRecord({ id: "a1", text: 'Win a prize, "now"!\r\nCall 0800 <img src=x onerror=alert(1)>', labels: ["spam"] }),
  exportRecord({
    id: "a2",
    text: "Ça va? 👍 café\u2028next",
    labels: ["ham"],
    decidedBy: "adjudicated",
    agreement: 0.6666666666666666,
    notSure: 1,
    suggestion: { accepted: true, source: "llm", model: "gpt-4o-mini", promptVersion: 3 },
    split: "validation",
    metadata: { sender: { country: "FR", id: 7 }, tags: ["a", null], empty: {} },
    annotations: [
      { annotator: "ana", labels: ["ham"], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", suggestionAction: "accepted" },
      { annotator: "bo", labels: [], notSure: true, createdAt: "2024-05-01T10:01:00.000Z", suggestionAction: "rejected" },
    ],
  }),
  exportRecord({ id: "a3", agreement: null, decidedBy: "dawid-skene", suggestion: { accepted: false, promptVersion: null } }),
];

describe("writeJsonlV1", () => {
  it("writes one JSON object per line that parses back to the record", async () => {
    const text = await collectText(writeJsonl(records));
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(records.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(records);
  });

  it("writes keys in the fixed order of the record type, whatever order they were built in", () => {
    const shuffled = {
      split: "test",
      suggestion: { promptVersion: 2, model: "m", accepted: true },
      notSure: 0,
      metadata: { zeta: 1, alpha: { y: 2, x: 1 } },
      annotators: 2,
      agreement: 0.5,
      decidedBy: "majority",
      labels: ["spam"],
      text: "t",
      id: "x",
    } as ExportRecord;
    expect(exportRecordToJson(shuffled)).toBe(
      '{"id":"x","text":"t","labels":["spam"],"decidedBy":"majority","agreement":0.5,"annotators":2,"notSure":0,' +
        '"suggestion":{"accepted":true,"model":"m","promptVersion":2},"split":"test",' +
        '"metadata":{"alpha":{"x":1,"y":2},"zeta":1}}',
    );
  });

  it("gives byte-identical output for the same records written twice", async () => {
    const first = await collectText(writeJsonl(records));
    const second = await collectText(writeJsonl(structuredClone(records)));
    expect(second).toBe(first);
  });

  it("escapes line breaks inside text so every record stays on one line, with no CR or trailing space", async () => {
    const text = await collectText(writeJsonl(records));
    expect(text).not.toContain("\r");
    expect(text).not.toMatch(/ \n/);
    expect(text).toContain(String.raw`\r\nCall 0800 <img src=x onerror=alert(1)>`);
  });

  it("cuts chunks only at line ends and loses nothing when the output is large", async () => {
    const many = Array.from({ length: 3000 }, (_, index) => exportRecord({ id: `item-${index}`, text: "x".repeat(100) }));
    const chunks = await collectChunks(writeJsonl(many));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
    const ids = chunks.join("").trimEnd().split("\n").map((line) => (JSON.parse(line) as ExportRecord).id);
    expect(ids).toEqual(many.map((record) => record.id));
  });

  it("reads records from an async iterable", async () => {
    async function* paged() {
      yield* records;
    }
    expect(await collectText(writeJsonl(paged()))).toBe(await collectText(writeJsonl(records)));
  });

  it("refuses a number JSON cannot carry, or an unknown split, instead of writing it", async () => {
    const broken = [exportRecord({ id: "nan-item", agreement: Number.NaN })];
    await expect(collectText(writeJsonl(broken))).rejects.toThrow(/item "nan-item": agreement/);
    const badSplit = [exportRecord({ id: "s", split: "holdout" as never })];
    await expect(collectText(writeJsonl(badSplit))).rejects.toThrow('item "s": split must be one of train, validation, test');
    const badMetadata = [exportRecord({ id: "m", metadata: { score: Number.POSITIVE_INFINITY } })];
    await expect(collectText(writeJsonl(badMetadata))).rejects.toThrow(/item "m" metadata\.score/);
  });
});
