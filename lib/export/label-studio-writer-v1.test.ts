import { describe, expect, it } from "vitest";

import type { ExportRecord } from "@/lib/export/export-record";
import { writeLabelStudioJsonV1 as writeLabelStudioJson } from "@/lib/export/label-studio-writer-v1";
import { collectText, exportRecord } from "@/lib/export/testing/export-fixtures";

type Task = {
  id: string;
  data: Record<string, unknown>;
  annotations: Array<{ result: unknown[]; ground_truth: boolean; was_cancelled: boolean; created_at?: string }>;
  meta: { goldset: Record<string, unknown> };
};

const records: ExportRecord[] = [
  exportRecord({ id: "a", text: "WIN cash, now", labels: ["spam"], metadata: { sender: "+44", text: "shadowed" } }),
  exportRecord({
    id: "b",
    text: "line\nbreak",
    labels: ["ham"],
    decidedBy: "adjudicated",
    agreement: 0.5,
    split: "test",
    suggestion: { accepted: false, source: "llm", model: "m1", promptVersion: 4 },
    annotations: [
      { annotator: "ana", labels: ["spam"], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", suggestionAction: "accepted" },
      { annotator: "bo", labels: [], notSure: true, createdAt: "2024-05-01T10:05:00.000Z", suggestionAction: "none" },
    ],
  }),
];

async function tasks(input: ExportRecord[], options = {}): Promise<Task[]> {
  return JSON.parse(await collectText(writeLabelStudioJson(input, options))) as Task[];
}

describe("writeLabelStudioJsonV1", () => {
  it("writes an array with one task per line, separated by ',\\n'", async () => {
    const text = await collectText(writeLabelStudioJson(records));
    const lines = text.split("\n");
    expect(lines[0]).toBe("[");
    expect(lines[1]?.endsWith(",")).toBe(true);
    expect(lines[2]?.endsWith("}")).toBe(true);
    expect(lines.slice(3)).toEqual(["]", ""]);
    expect(await collectText(writeLabelStudioJson([]))).toBe("[]\n");
  });

  it("puts the final label in one ground-truth choices annotation on the text", async () => {
    const [first] = await tasks(records);
    expect(first).toEqual({
      id: "a",
      data: { text: "WIN cash, now", sender: "+44" },
      annotations: [
        {
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["spam"] } }],
          ground_truth: true,
          was_cancelled: false,
        },
      ],
      meta: {
        goldset: { id: "a", decided_by: "unanimous", agreement: 1, annotators: 3, not_sure: 0, suggestion: null },
      },
    });
  });

  it("adds raw annotations after the final one, with who made them in meta", async () => {
    const [, second] = await tasks(records);
    expect(second?.annotations.map((annotation) => [annotation.ground_truth, annotation.result, annotation.created_at])).toEqual([
      [true, [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["ham"] } }], undefined],
      [false, [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["spam"] } }], "2024-05-01T10:00:00.000Z"],
      [false, [], "2024-05-01T10:05:00.000Z"],
    ]);
    expect(second?.data).toEqual({ text: "line\nbreak" });
    expect(second?.meta.goldset).toEqual({
      id: "b",
      decided_by: "adjudicated",
      agreement: 0.5,
      annotators: 3,
      not_sure: 0,
      suggestion: { accepted: false, source: "llm", model: "m1", prompt_version: 4 },
      split: "test",
      annotations: [
        { annotator: "ana", not_sure: false, suggestion_action: "accepted", created_at: "2024-05-01T10:00:00.000Z" },
        { annotator: "bo", not_sure: true, suggestion_action: "none", created_at: "2024-05-01T10:05:00.000Z" },
      ],
    });
  });

  it("uses the control tag names of the Label Studio project when given", async () => {
    const [first] = await tasks(records, { fromName: "sentiment", toName: "review" });
    expect(first?.annotations[0]?.result).toEqual([
      { from_name: "sentiment", to_name: "review", type: "choices", value: { choices: ["spam"] } },
    ]);
  });

  it("gives byte-identical output for the same records written twice", async () => {
    const first = await collectText(writeLabelStudioJson(records));
    expect(await collectText(writeLabelStudioJson(structuredClone(records)))).toBe(first);
  });

  it("stays one valid JSON array when the output spans many chunks", async () => {
    const many = Array.from({ length: 2000 }, (_, index) => exportRecord({ id: `t${index}`, text: "y".repeat(80) }));
    const parsed = await tasks(many);
    expect(parsed.map((task) => task.id)).toEqual(many.map((record) => record.id));
  });
});
