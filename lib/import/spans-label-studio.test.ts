import { describe, expect, it } from "vitest";
import { parseSpansLabelStudio } from "@/lib/import/spans-label-studio";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const options = { entityTypes: ["PER", "LOC"], allowOverlap: false, defaultAnnotator: "lead@example.com" };
const parse = (tasks: unknown) => parseSpansLabelStudio([bytesOf(JSON.stringify(tasks, null, 2))], options);
const region = (start: number, end: number, text: string, labels: unknown) => ({ from_name: "label", to_name: "text", type: "labels", value: { start, end, text, labels } });

describe("parseSpansLabelStudio", () => {
  it("converts Label Studio's UTF-16 offsets to code points and reads who annotated", async () => {
    // "🎉 Ana visits Lima": the emoji is two UTF-16 units, so Ana is 3–6 in UTF-16 and 2–5 in code points.
    const text = "🎉 Ana visits Lima";
    const result = await parse([
      {
        id: 7,
        data: { text, lang: "en" },
        annotations: [
          { completed_by: { id: 3, email: "ann@example.com" }, result: [region(3, 6, "Ana", ["PER"]), region(14, 18, "Lima", ["LOC"]), { type: "choices", value: { choices: ["x"] } }] },
          { completed_by: 4, result: [], was_cancelled: true },
        ],
        predictions: [{ result: [region(3, 6, "Ana", ["PER"])] }],
      },
    ]);
    expect(result.problemCount).toBe(0);
    expect(result.items.map((i) => [i.externalId, i.text, i.metadata])).toEqual([["7", text, { lang: "en" }]]);
    expect(result.annotations).toEqual([
      {
        externalId: "7",
        annotator: "ann@example.com",
        labels: [],
        spans: [
          { start: 2, end: 5, label: "PER" },
          { start: 13, end: 17, label: "LOC" },
        ],
        notSure: false,
        line: 2,
      },
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'tasks[0] (id "7", line 2): annotations.0.result has results of type "choices"; only "labels" regions are imported',
      "1 prediction(s) were not imported: only annotations carry spans into Goldset",
    ]);
  });

  it("refuses a region whose text is not what its offsets cut, or whose type is unknown, naming the task and field", async () => {
    const result = await parse([
      { id: 1, data: { text: "Ana visits Lima" }, annotations: [{ completed_by: 3, result: [region(0, 3, "Ana", ["PER"])] }] },
      { id: 2, data: { text: "Ana visits Lima" }, annotations: [{ completed_by: 3, result: [region(0, 4, "Ana", ["PER"]), region(11, 15, "Lima", ["CITY"])] }] },
      { id: 3, data: { text: "Lima" }, annotations: [{ completed_by: 3, result: [region(0, 9, "Lima", ["LOC"])] }] },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'tasks[1] (id "2", line 28), annotations.0.result.0.value.text: is "Ana" but the offsets 0–4 (UTF-16) cut "Ana " from the task\'s text; the text or the offsets were changed',
      'tasks[1] (id "2", line 28), annotations.0.result.1.value.labels.0: "CITY" is not an entity type of this project (types: PER, LOC)',
      'tasks[2] (id "3", line 67), annotations.0.result.0.value.end: 9 is past the end of the text (4 UTF-16 units)',
    ]);
    expect(result.problems[0]).toMatchObject({ task: 1, field: "annotations.0.result.0.value.text" });
  });

  it("reads a Goldset export's tasks (with data.goldset_id) in UTF-16 units, as Goldset's Label Studio writer emits them", async () => {
    // "🎉 Ana": Ana is 3–6 in UTF-16 units (the emoji is two), 2–5 in code points.
    const text = "🎉 Ana";
    const result = await parse([{ id: 1, data: { text, goldset_id: "g1" }, annotations: [{ completed_by: "ann@example.com", result: [region(3, 6, "Ana", ["PER"])] }] }]);
    expect(result.problemCount).toBe(0);
    expect(result.items[0]!.externalId).toBe("g1");
    expect(result.annotations[0]!.spans).toEqual([{ start: 2, end: 5, label: "PER" }]);
  });
});
