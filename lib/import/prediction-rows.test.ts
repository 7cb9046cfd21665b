import { describe, expect, it } from "vitest";
import { parsePredictionRows } from "@/lib/import/prediction-rows";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const labels = ["ham", "spam"];
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

describe("parsePredictionRows", () => {
  it("reads JSONL predictions with score, model and version", async () => {
    const file = '{"item":"a","label":"spam","score":0.93,"model":"nb","model_version":"2024-05"}\n{"item":2,"labels":["ham"]}\n';
    const result = await parsePredictionRows([bytesOf(file)], { kind: "jsonl" }, { labels });
    expect(result.problems).toEqual([]);
    expect(result.predictions).toEqual([
      { externalId: "a", labels: ["spam"], score: 0.93, model: "nb", modelVersion: "2024-05", line: 1 },
      { externalId: "2", labels: ["ham"], line: 2 },
    ]);
  });

  it("reads a numeric JSONL prediction for a rating task", async () => {
    const result = await parsePredictionRows([bytesOf('{"item":"r1","label":4,"score":0.7}\n')], { kind: "jsonl" }, { labels: ["1", "2", "3", "4", "5"] });
    expect(result.problems).toEqual([]);
    expect(result.predictions).toEqual([{ externalId: "r1", labels: ["4"], score: 0.7, line: 1 }]);
  });

  it("reads CSV predictions, with the score as decimal text and blanks left out", async () => {
    const result = await parsePredictionRows([bytesOf("item,labels,score,model,model_version\n1,ham|spam,0.5,,\n2,spam,,m,\n")], { kind: "csv" }, { labels });
    expect(result.problems).toEqual([]);
    expect(result.predictions).toEqual([
      { externalId: "1", labels: ["ham", "spam"], score: 0.5, line: 2 },
      { externalId: "2", labels: ["spam"], model: "m", line: 3 },
    ]);
  });

  it("reports scores outside 0–1, unknown labels and empty labels with line and field", async () => {
    const file = '{"item":1,"label":"spam","score":1.2}\n{"item":2,"label":"eggs"}\n{"item":3,"label":""}\n{"item":4,"label":"ham","score":"high"}\n';
    const result = await parsePredictionRows([bytesOf(file)], { kind: "jsonl" }, { labels });
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([
      [1, "score"],
      [2, "label"],
      [3, "label"],
      [4, "score"],
    ]);
    expect(messages(result)).toEqual([
      'line 1: field "score" must be a number from 0 to 1, got 1.2',
      'line 2: field "label" has unknown label "eggs"; the project\'s labels are "ham", "spam"',
      'line 3: field "label" is empty; a prediction needs at least one label',
      'line 4: field "score" must be a number from 0 to 1, got "high"',
    ]);
    expect(result.predictions).toEqual([]);
  });

  it("reports a header with neither label nor labels", async () => {
    const result = await parsePredictionRows([bytesOf("item,prediction\n1,spam\n")], { kind: "csv" });
    expect(messages(result)).toEqual([
      'line 1: the header has no "label" or "labels" column (columns found: "item", "prediction"); rename the column or set the fields.label option',
    ]);
  });
});
