import { describe, expect, it } from "vitest";
import { arrayElementLines } from "@/lib/import/json-array-lines";
import { parseLabelStudioExport } from "@/lib/import/label-studio";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const parse = (document: unknown, options: Parameters<typeof parseLabelStudioExport>[1] = {}) =>
  parseLabelStudioExport([bytesOf(typeof document === "string" ? document : JSON.stringify(document, null, 2))], options);
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

const choice = (choices: unknown, fromName = "sentiment") => ({ from_name: fromName, to_name: "text", type: "choices", value: { choices } });

// Shaped after the example in Label Studio's task format documentation, for a text project.
const exportOfTwoTasks = [
  {
    id: 1,
    data: { text: "Great phone", source: "review" },
    annotations: [
      { id: 1001, completed_by: 10, result: [choice(["Positive"])], was_cancelled: false, created_at: "2021-03-09T22:16:08.728353Z", lead_time: 4.2 },
      { id: 1002, completed_by: { id: 11, email: "ann@example.com" }, result: [choice(["Negative"])], created_at: "2021-03-10T08:00:00Z" },
      { id: 1003, completed_by: 12, result: [], was_cancelled: true },
    ],
    predictions: [{ model_version: "model 1", score: 0.87, result: [choice(["Positive"])] }],
  },
  {
    id: 2,
    data: { text: "<img src=x onerror=alert(1)>" },
    annotations: [],
    predictions: [],
  },
];

describe("parseLabelStudioExport", () => {
  it("turns tasks into items, annotations and predictions", async () => {
    const result = await parse(exportOfTwoTasks, { labels: ["Positive", "Negative"] });
    expect(result.problems).toEqual([]);
    // In the pretty-printed export each task opens on a line of its own: "  {".
    const taskLines = JSON.stringify(exportOfTwoTasks, null, 2)
      .split("\n")
      .flatMap((text, k) => (text === "  {" ? [k + 1] : []));
    expect(taskLines).toHaveLength(2);
    expect(result.items.map(({ externalId, text, metadata, line }) => ({ externalId, text, metadata, line }))).toEqual([
      { externalId: "1", text: "Great phone", metadata: { source: "review" }, line: taskLines[0] },
      { externalId: "2", text: "<img src=x onerror=alert(1)>", metadata: {}, line: taskLines[1] },
    ]);
    expect(result.annotations).toEqual([
      { externalId: "1", annotator: "label-studio-user-10", labels: ["Positive"], notSure: false, createdAt: "2021-03-09T22:16:08.728Z", line: 2 },
      { externalId: "1", annotator: "ann@example.com", labels: ["Negative"], notSure: false, createdAt: "2021-03-10T08:00:00.000Z", line: 2 },
    ]);
    expect(result.predictions).toEqual([{ externalId: "1", labels: ["Positive"], score: 0.87, modelVersion: "model 1", line: 2 }]);
    expect(result.cancelledAnnotations).toBe(1);
  });

  it("reports errors by task index, id, line and field path", async () => {
    const tasks = [
      { id: 1, data: { text: "" } },
      { id: 2, data: { text: "ok" }, annotations: [{ completed_by: 3, result: [choice(["Maybe"])] }] },
      { id: 3, data: { text: "ok too" }, annotations: [{ result: [choice(["Positive"])] }], predictions: [{ score: 7, result: [choice("Positive")] }] },
    ];
    const result = await parse(tasks, { labels: ["Positive", "Negative"] });
    expect(result.problems).toEqual([
      { line: 2, task: 0, field: "data.text", message: 'tasks[0] (id "1", line 2): field "data.text" is empty' },
      {
        line: 8,
        task: 1,
        field: "annotations[0].result[0].value.choices",
        message:
          'tasks[1] (id "2", line 8): field "annotations[0].result[0].value.choices" has unknown label "Maybe"; the project\'s labels are "Positive", "Negative"',
      },
      {
        line: 31,
        task: 2,
        field: "annotations[0].completed_by",
        message: 'tasks[2] (id "3", line 31): field "annotations[0].completed_by" is missing; every annotation must say who made it',
      },
      { line: 31, task: 2, field: "predictions[0].score", message: 'tasks[2] (id "3", line 31): field "predictions[0].score" must be a number from 0 to 1, got 7' },
      {
        line: 31,
        task: 2,
        field: "predictions[0].result[0].value.choices",
        message: 'tasks[2] (id "3", line 31): field "predictions[0].result[0].value.choices" must be an array of label names, found a string',
      },
    ]);
    expect(result.items).toEqual([]);
  });

  it("reports duplicate ids across tasks naming the first task's line", async () => {
    const result = await parse([
      { id: 5, data: { text: "a" } },
      { id: 5, data: { text: "b" } },
    ]);
    expect(messages(result)).toEqual(['tasks[1] (id "5", line 8): field "id" repeats id "5" (first seen on tasks[0] (id "5", line 2)); ids must be unique within a file']);
  });

  it("takes the item id from a data field when told", async () => {
    const result = await parse([{ id: 1, data: { text: "a", uid: "doc-9" } }], { idField: "uid" });
    expect(result.items.map((item) => [item.externalId, item.metadata])).toEqual([["doc-9", {}]]);
  });

  it("asks which control to import when an annotation answers several questions", async () => {
    const task = { id: 1, data: { text: "a" }, annotations: [{ completed_by: 1, result: [choice(["Positive"]), choice(["Sports"], "topic")] }] };
    const ambiguous = await parse([task]);
    expect(messages(ambiguous)).toEqual([
      'tasks[0] (id "1", line 2): field "annotations[0].result" has choices from several controls ("sentiment", "topic"); set the fromName option to the one to import',
    ]);
    const chosen = await parse([task], { fromName: "topic" });
    expect(chosen.problems).toEqual([]);
    expect(chosen.annotations.map((row) => row.labels)).toEqual([["Sports"]]);
  });

  it("skips results that are not choices with a warning, and annotations with no choices at all", async () => {
    const span = { from_name: "ner", to_name: "text", type: "labels", value: { start: 0, end: 3, labels: ["PER"] } };
    const result = await parse([
      { id: 1, data: { text: "Ann went" }, annotations: [{ completed_by: 1, result: [span, choice(["Positive"])] }, { completed_by: 2, result: [span] }] },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.annotations.map((row) => row.annotator)).toEqual(["label-studio-user-1"]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'tasks[0] (id "1", line 2): annotations[0] also has results of type "labels"; only its choices are imported',
      'tasks[0] (id "1", line 2): annotations[1] has no classification choices (only results of type "labels"); it is skipped',
    ]);
  });

  it("reads the completions of exports from before Label Studio 1.0", async () => {
    const result = await parse([{ id: 1, data: { text: "a" }, completions: [{ completed_by: 4, result: [choice(["Positive"])] }] }]);
    expect(result.annotations.map((row) => [row.annotator, row.labels])).toEqual([["label-studio-user-4", ["Positive"]]]);
  });

  it("reports invalid JSON with the line and column in the document", async () => {
    const result = await parse('[\n  {"id": 1, "data": {"text": "a"}},\n  {"id": 2, "data": {"text": "b"}\n]');
    expect(result.problems).toEqual([{ line: 4, message: 'line 4: invalid JSON: expected "," or "}" after a property value, found "]" at column 1' }]);
  });

  it("reports a file that is empty, not an array, or an array without tasks", async () => {
    expect(messages(await parse(""))).toEqual(["the file is empty"]);
    expect(messages(await parse({ id: 1, data: { text: "a" } }))).toEqual([
      'expected a JSON array of tasks (Label Studio\'s "JSON" export), found an object; this looks like a single task: wrap it in [ ]',
    ]);
    expect(messages(await parse([]))).toEqual(["the export holds no tasks"]);
    expect(messages(await parse("[42]"))).toEqual(["tasks[0] (line 1): expected a task object, found a number"]);
  });
});

describe("arrayElementLines", () => {
  it("finds where each top-level element starts, ignoring brackets and escapes inside strings", () => {
    const text = '[\n  {"a": "[{\\"x"},\n  {"b": [1,\n 2]},\n\n  3, "s\\\\"\n]';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(arrayElementLines(text)).toEqual([2, 3, 6, 6]);
  });

  it("handles a minified document on one line", () => {
    expect(arrayElementLines('[{"a":1},{"b":2}]')).toEqual([1, 1]);
    expect(arrayElementLines("[]")).toEqual([]);
  });
});
