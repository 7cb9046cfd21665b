import { describe, expect, it } from "vitest";

import type { ExportRecord } from "@/lib/export/export-record";
import { labelStudioConfigXml } from "@/lib/export/label-studio-config";
import { writeLabelStudioFolder } from "@/lib/export/label-studio-writer";
import { collectFiles, exportRecord } from "@/lib/export/testing/export-fixtures";
import { parseLabelStudioExport } from "@/lib/import/label-studio";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const labelSet = { names: ["ham", "spam"], multiLabel: false };

const records: ExportRecord[] = [
  exportRecord({
    id: "msg-7",
    text: "WIN cash, now",
    labels: ["spam"],
    decidedBy: "adjudicated",
    agreement: 0,
    annotators: 2,
    suggestion: { accepted: false, source: "llm", model: "gpt-4o-mini", promptVersion: 3, labels: ["ham"], confidence: 0.75 },
    metadata: { sender: "+44", text: "shadowed", goldset_id: "shadowed too" },
    annotations: [
      { annotator: "ana@x.org", labels: ["ham"], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", suggestionAction: "accepted" },
      { annotator: "bo@x.org", labels: ["spam"], notSure: false, createdAt: "2024-05-01T10:05:00.000Z", suggestionAction: "changed" },
      { annotator: "cy@x.org", labels: [], notSure: true, createdAt: "2024-05-01T10:06:00.000Z", suggestionAction: "none" },
      { annotator: "di@x.org", labels: ["spam"], notSure: true, createdAt: "2024-05-01T10:07:00.000Z", suggestionAction: "changed" },
    ],
  }),
  exportRecord({ id: "msg-9", text: "see you at 6", labels: ["ham"], suggestion: { accepted: true, source: "model", model: "logreg" } }),
];

async function written(input: ExportRecord[]) {
  const { files } = await collectFiles(writeLabelStudioFolder(input, { labelSet }));
  return { config: files.get("labeling-config.xml"), tasks: files.get("label-studio.json") };
}

describe("labelStudioConfigXml", () => {
  it("declares a Text tag on $text and one Choice per label, escaping names", () => {
    expect(labelStudioConfigXml({ names: ["ham", 'A&B "<x>"'], multiLabel: false })).toBe(
      "<View>\n" +
        '  <Text name="text" value="$text"/>\n' +
        '  <Choices name="label" toName="text" choice="single">\n' +
        '    <Choice value="ham"/>\n' +
        '    <Choice value="A&amp;B &quot;&lt;x&gt;&quot;"/>\n' +
        "  </Choices>\n" +
        "</View>\n",
    );
  });

  it("lets annotators pick several labels in a multi-label project", () => {
    expect(labelStudioConfigXml({ names: ["a", "b"], multiLabel: true })).toContain('<Choices name="label" toName="text" choice="multiple">');
  });
});

describe("writeLabelStudioFolder", () => {
  it("writes numeric task ids, the Goldset id in data, completed_by on every annotation and the suggestion as a prediction", async () => {
    const { tasks } = await written(records);
    const [first, second] = JSON.parse(tasks!) as Record<string, unknown>[];
    expect(first).toEqual({
      id: 1,
      data: { text: "WIN cash, now", goldset_id: "msg-7", sender: "+44" },
      annotations: [
        {
          completed_by: { email: "resolution@goldset.invalid" },
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["spam"] } }],
          ground_truth: true,
          was_cancelled: false,
        },
        {
          completed_by: { email: "ana@x.org" },
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["ham"] } }],
          ground_truth: false,
          was_cancelled: false,
          created_at: "2024-05-01T10:00:00.000Z",
        },
        {
          completed_by: { email: "bo@x.org" },
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["spam"] } }],
          ground_truth: false,
          was_cancelled: false,
          created_at: "2024-05-01T10:05:00.000Z",
        },
        { completed_by: { email: "cy@x.org" }, result: [], ground_truth: false, was_cancelled: false, created_at: "2024-05-01T10:06:00.000Z" },
        {
          completed_by: { email: "di@x.org" },
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["spam"] } }],
          ground_truth: false,
          was_cancelled: false,
          created_at: "2024-05-01T10:07:00.000Z",
        },
      ],
      predictions: [
        {
          model_version: "llm · gpt-4o-mini · prompt v3",
          score: 0.75,
          result: [{ from_name: "label", to_name: "text", type: "choices", value: { choices: ["ham"] } }],
        },
      ],
      meta: {
        goldset: {
          decided_by: "adjudicated",
          agreement: 0,
          annotators: 2,
          not_sure: 0,
          suggestion: { accepted: false, source: "llm", model: "gpt-4o-mini", prompt_version: 3 },
          annotations: [
            { annotator: "ana@x.org", not_sure: false, suggestion_action: "accepted" },
            { annotator: "bo@x.org", not_sure: false, suggestion_action: "changed" },
            { annotator: "cy@x.org", not_sure: true, suggestion_action: "none" },
            { annotator: "di@x.org", not_sure: true, suggestion_action: "changed" },
          ],
        },
      },
    });
    // A suggestion frozen without its labels (snapshots made before they were kept) gives no prediction.
    expect(second).toMatchObject({ id: 2, data: { text: "see you at 6", goldset_id: "msg-9" }, predictions: [] });
  });

  it("writes the labeling config beside the tasks, and the same bytes twice", async () => {
    const first = await written(records);
    expect(first.config).toBe(labelStudioConfigXml(labelSet));
    expect(await written(structuredClone(records))).toEqual(first);
    expect((await written([])).tasks).toBe("[]\n");
  });

  it("reads back through Goldset's importer as the same items, people, labels and not-sure marks, without the final-label annotation", async () => {
    const { tasks } = await written(records);
    const parsed = await parseLabelStudioExport([bytesOf(tasks!)], { labels: labelSet.names });
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.items.map((item) => [item.externalId, item.text, item.metadata])).toEqual([
      ["msg-7", "WIN cash, now", { sender: "+44" }],
      ["msg-9", "see you at 6", {}],
    ]);
    expect(parsed.annotations.map((a) => [a.externalId, a.annotator, a.labels, a.notSure, a.createdAt])).toEqual([
      ["msg-7", "ana@x.org", ["ham"], false, "2024-05-01T10:00:00.000Z"],
      ["msg-7", "bo@x.org", ["spam"], false, "2024-05-01T10:05:00.000Z"],
      ["msg-7", "cy@x.org", [], true, "2024-05-01T10:06:00.000Z"],
      ["msg-7", "di@x.org", ["spam"], true, "2024-05-01T10:07:00.000Z"],
    ]);
    expect(parsed.goldsetResolutions).toBe(2);
    expect(parsed.predictions).toEqual([{ externalId: "msg-7", labels: ["ham"], score: 0.75, modelVersion: "llm · gpt-4o-mini · prompt v3", line: 2 }]);
  });

  it("refuses a final label the config would have no choice for", async () => {
    await expect(written([exportRecord({ id: "z", labels: ["promo"] })])).rejects.toThrow(/item "z" has label "promo", which is not in the project's labels \(ham, spam\)/);
  });
});

describe("writeLabelStudioFolder for a spans project", () => {
  const entitySet = { names: [], multiLabel: true, entityTypes: ["person", "location"] };
  // Code points: A0 n1 a2 _3 🙂4 _5 m6 e7 t8 _9 B10 o11 _12 L13 i14 m15 a16 _17 J18 o19 s20 e21 ◌́22.
  // The emoji is two UTF-16 units, so every UTF-16 offset after it is one more.
  const text = "Ana 🙂 met Bo Lima Jose\u0301";
  const spans = [
    { start: 0, end: 3, label: "person", text: "Ana" },
    { start: 10, end: 12, label: "person", text: "Bo" },
    { start: 13, end: 17, label: "location", text: "Lima" },
    { start: 18, end: 23, label: "person", text: "Jose\u0301" },
  ];
  const record = exportRecord({
    id: "lima",
    text,
    labels: [],
    spans,
    annotations: [{ annotator: "ana@x.org", labels: [], spans: [spans[1]!], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", suggestionAction: "none" }],
  });

  it("writes Labels regions with start and end in UTF-16 units, as Label Studio counts them", async () => {
    const { files } = await collectFiles(writeLabelStudioFolder([record], { labelSet: entitySet }));
    const [task] = JSON.parse(files.get("label-studio.json")!) as { annotations: { result: { value: { start: number; end: number; text: string } }[] }[] }[];
    const region = (start: number, end: number, label: string, spanText: string) => ({
      from_name: "entities",
      to_name: "text",
      type: "labels",
      value: { start, end, text: spanText, labels: [label] },
    });
    expect(task!.annotations[0]!.result).toEqual([
      region(0, 3, "person", "Ana"),
      region(11, 13, "person", "Bo"),
      region(14, 18, "location", "Lima"),
      region(19, 24, "person", "Jose\u0301"),
    ]);
    expect(task!.annotations[1]!.result).toEqual([region(11, 13, "person", "Bo")]);
    // What a browser (and Label Studio) reads at those offsets is the span's text.
    for (const { value } of task!.annotations[0]!.result) expect(text.slice(value.start, value.end)).toBe(value.text);
  });

  it("declares the entity types as Labels over the Text, with no Choices when there are no item labels", async () => {
    const { files } = await collectFiles(writeLabelStudioFolder([record], { labelSet: entitySet }));
    expect(files.get("labeling-config.xml")).toBe(
      "<View>\n" +
        '  <Labels name="entities" toName="text">\n' +
        '    <Label value="person"/>\n' +
        '    <Label value="location"/>\n' +
        "  </Labels>\n" +
        '  <Text name="text" value="$text"/>\n' +
        "</View>\n",
    );
  });
});
