import { describe, expect, it } from "vitest";
import { LabelVocabulary, checkLabels, readLabelList } from "@/lib/import/imported-labels";
import { ImportLog, atLine } from "@/lib/import/import-log";

describe("readLabelList", () => {
  it.each([
    ["spam", ["spam"]],
    ["spam|ham", ["spam", "ham"]],
    [" spam | ham ", ["spam", "ham"]],
    ['["spam","a|b"]', ["spam", "a|b"]],
    [["x", "y"], ["x", "y"]],
    ["", []],
    [undefined, []],
    [null, []],
    [3, ["3"]],
    [-1.5, ["-1.5"]],
    [[1, "2"], ["1", "2"]],
    ["[1,2]", ["1", "2"]],
  ])("reads %j", (value, labels) => {
    expect(readLabelList(value)).toEqual({ ok: true, value: labels });
  });

  it.each([
    ["a||b", 'has an empty label between "|" separators: "a||b"'],
    ['["a",', 'starts with "[" but is not a valid JSON array: "[\\"a\\","'],
    ["[1,true]", "must list label names as strings or numbers, got a boolean at position 2"],
    [["a", { b: 1 }], "must list label names as strings or numbers, got an object at position 2"],
    [true, "must be a label name, a list of them, or a JSON array, got a boolean"],
    [Number.POSITIVE_INFINITY, "must be a finite number when it is a number, got Infinity"],
  ])("rejects %j", (value, detail) => {
    expect(readLabelList(value)).toEqual({ ok: false, detail });
  });
});

describe("checkLabels", () => {
  const vocabulary = new LabelVocabulary(["ham", "spam"]);

  function problems(labels: string[], known: LabelVocabulary | null = vocabulary) {
    const log = new ImportLog();
    const ok = checkLabels(log, atLine(9), "label", labels, known);
    return { ok, problems: log.problems };
  }

  it("accepts known labels", () => {
    expect(problems(["spam", "ham"])).toEqual({ ok: true, problems: [] });
  });

  it("reports an unknown label with line and field, suggesting a case fix and listing the project's labels", () => {
    expect(problems(["Spam", "junk"]).problems).toEqual([
      { line: 9, field: "label", message: 'line 9: field "label" has unknown label "Spam" (did you mean "spam"?); the project\'s labels are "ham", "spam"' },
      { line: 9, field: "label", message: 'line 9: field "label" has unknown label "junk"; the project\'s labels are "ham", "spam"' },
    ]);
  });

  it("reports an absurdly long label by its length, without repeating it in full", () => {
    const [problem] = problems(["x".repeat(50_000)]).problems;
    expect(problem?.message).toBe(`line 9: field "label" has a label name that is 50,000 characters long, over the 64-character limit: "${"x".repeat(20)}"…`);
  });

  it("checks names even without a vocabulary", () => {
    expect(problems(["fine", "bad\nname"], null).problems.map((p) => p.message)).toEqual([
      'line 9: field "label" has a label name that contains the control character U+000A: "bad\\nname"',
    ]);
  });

  it("reports a label listed twice", () => {
    expect(problems(["spam", "spam"]).problems.map((p) => p.message)).toEqual(['line 9: field "label" lists label "spam" twice']);
  });

  it("shortens the list of labels for a project with many", () => {
    const many = new LabelVocabulary(Array.from({ length: 30 }, (_, k) => `topic-${k}`));
    expect(problems(["nope"], many).problems[0]?.message).toMatch(/"topic-11" and 18 more$/);
  });
});
