import { describe, expect, it } from "vitest";
import { parseAnnotationRows } from "@/lib/import/annotation-rows";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const csv = { kind: "csv" } as const;
const jsonl = { kind: "jsonl" } as const;
const labels = ["ham", "spam", "promo"];
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

describe("parseAnnotationRows", () => {
  it("reads item, annotator and label from CSV, with optional not_sure and created_at", async () => {
    const result = await parseAnnotationRows(
      [bytesOf("item,annotator,label,not_sure,created_at\n1,ann,spam,,2024-05-01T10:00:00Z\n2,bob,spam|promo,yes,\n3,ann,,true,\n")],
      csv,
      { labels },
    );
    expect(result.problems).toEqual([]);
    expect(result.annotations).toEqual([
      { externalId: "1", annotator: "ann", labels: ["spam"], notSure: false, createdAt: "2024-05-01T10:00:00.000Z", line: 2 },
      { externalId: "2", annotator: "bob", labels: ["spam", "promo"], notSure: true, line: 3 },
      { externalId: "3", annotator: "ann", labels: [], notSure: true, line: 4 },
    ]);
  });

  it("reads JSONL rows whose labels are arrays, JSON text or a single name", async () => {
    const file = '{"item":1,"annotator":"a","label":["ham"]}\n{"item":"x","annotator":7,"labels":"[\\"spam\\",\\"promo\\"]"}\n{"item":2,"annotator":"b","label":"ham"}\n';
    const result = await parseAnnotationRows([bytesOf(file)], jsonl, { labels });
    expect(result.problems).toEqual([]);
    expect(result.annotations.map((row) => [row.externalId, row.annotator, row.labels])).toEqual([
      ["1", "a", ["ham"]],
      ["x", "7", ["spam", "promo"]],
      ["2", "b", ["ham"]],
    ]);
  });

  it("reports unknown labels with line and field", async () => {
    const result = await parseAnnotationRows([bytesOf("item,annotator,label\n1,a,ham\n2,a,Spam\n3,a,ham|junk\n")], csv, { labels });
    expect(result.problems).toEqual([
      {
        line: 3,
        field: "label",
        message: 'line 3: field "label" has unknown label "Spam" (did you mean "spam"?); the project\'s labels are "ham", "spam", "promo"',
      },
      { line: 4, field: "label", message: 'line 4: field "label" has unknown label "junk"; the project\'s labels are "ham", "spam", "promo"' },
    ]);
    expect(result.annotations.map((row) => row.line)).toEqual([2]);
  });

  it("reports an absurdly long label name without echoing it", async () => {
    const result = await parseAnnotationRows([bytesOf(`item,annotator,label\n1,a,${"q".repeat(10_000)}\n`)], csv);
    expect(messages(result)).toEqual([`line 2: field "label" has a label name that is 10,000 characters long, over the 64-character limit: "${"q".repeat(20)}"…`]);
  });

  it("reports missing and empty required fields", async () => {
    const csvResult = await parseAnnotationRows([bytesOf("item,annotator,label\n,a,ham\n1,,ham\n2,b,\n")], csv, { labels });
    expect(messages(csvResult)).toEqual([
      'line 2: field "item" is empty',
      'line 3: field "annotator" is empty',
      'line 4: field "label" is empty; give at least one label, or set "not_sure" to true',
    ]);
    const jsonResult = await parseAnnotationRows([bytesOf('{"annotator":"a","label":"ham"}\n')], jsonl);
    expect(messages(jsonResult)).toEqual(['line 1: field "item" is missing']);
  });

  it("reports bad flags, dates and label lists", async () => {
    const result = await parseAnnotationRows(
      [bytesOf("item,annotator,label,not_sure,created_at\n1,a,ham,perhaps,\n2,a,ham,,2024-05-01 10:00\n3,a,ham||spam,,\n")],
      csv,
    );
    expect(messages(result)).toEqual([
      'line 2: field "not_sure" must be true or false (or 1/0, yes/no), got "perhaps"',
      'line 3: field "created_at" has no time zone: "2024-05-01 10:00"; add "Z" for UTC or an offset such as "+02:00"',
      'line 4: field "label" has an empty label between "|" separators: "ham||spam"',
    ]);
  });

  it("reports both label and labels filled in on one row", async () => {
    const result = await parseAnnotationRows([bytesOf('{"item":1,"annotator":"a","label":"ham","labels":["spam"]}\n')], jsonl);
    expect(messages(result)).toEqual(['line 1: field "labels" and field "label" are both filled in; use one of them']);
  });

  it("reports missing columns in the header, naming the ones found", async () => {
    const result = await parseAnnotationRows([bytesOf("item,worker,response\n1,w1,yes\n")], csv);
    expect(messages(result)).toEqual([
      'line 1: the header has no "annotator" column (columns found: "item", "worker", "response"); rename the column or set the fields.annotator option',
      'line 1: the header has no "label" or "labels" column (columns found: "item", "worker", "response"); rename the column or set the fields.label option',
    ]);
  });

  it("reads other column names when told, as in the Snow et al. 2008 files", async () => {
    const file = "!amt_annotation_ids\t!amt_worker_ids\torig_id\tresponse\tgold\nE1\tA11\t12\t1\t0\nE2\tA12\t12\t0\t0\n";
    const result = await parseAnnotationRows([bytesOf(file)], { kind: "csv", delimiter: "\t" }, {
      fields: { item: "orig_id", annotator: "!amt_worker_ids", label: "response" },
      labels: ["0", "1"],
    });
    expect(result.problems).toEqual([]);
    expect(result.annotations.map((row) => [row.externalId, row.annotator, row.labels])).toEqual([
      ["12", "A11", ["1"]],
      ["12", "A12", ["0"]],
    ]);
  });

  it("reads numeric JSONL ratings as the labels of the same name, and still refuses an unknown rating", async () => {
    const file = '{"item":"r1","annotator":"a","label":3}\n{"item":"r1","annotator":"b","label":4}\n{"item":"r2","annotator":"a","labels":[1,5]}\n{"item":"r2","annotator":"b","label":6}\n';
    const result = await parseAnnotationRows([bytesOf(file)], jsonl, { labels: ["1", "2", "3", "4", "5"] });
    expect(messages(result)).toEqual(['line 4: field "label" has unknown label "6"; the project\'s labels are "1", "2", "3", "4", "5"']);
    expect(result.annotations.map((row) => [row.externalId, row.annotator, row.labels])).toEqual([
      ["r1", "a", ["3"]],
      ["r1", "b", ["4"]],
      ["r2", "a", ["1", "5"]],
    ]);
  });
});
