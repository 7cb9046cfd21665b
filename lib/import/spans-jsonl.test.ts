import { describe, expect, it } from "vitest";
import type { SpanFileOptions } from "@/lib/import/span-import";
import { parseSpansJsonl } from "@/lib/import/spans-jsonl";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const options: SpanFileOptions = { entityTypes: ["person", "location"], allowOverlap: false, defaultAnnotator: "lead@example.com" };
const parse = (lines: unknown[], extra: Partial<SpanFileOptions> = {}) =>
  parseSpansJsonl([bytesOf(lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n")], { ...options, ...extra });
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

describe("parseSpansJsonl", () => {
  it("reads items with their spans as annotations by the annotator named, else the importing account", async () => {
    const result = await parse([
      { id: "t1", text: "Ada met Bob in Paris", spans: [{ start: 15, end: 20, label: "location" }, { start: 0, end: 3, label: "person" }], source: "web" },
      { id: "t2", text: "Nothing here", spans: [], annotator: "ann@example.com" },
      { id: "t3", text: "Not labelled yet" },
    ]);
    expect(result.problemCount).toBe(0);
    expect(result.items.map((i) => [i.externalId, i.text, i.metadata])).toEqual([
      ["t1", "Ada met Bob in Paris", { source: "web" }],
      ["t2", "Nothing here", {}],
      ["t3", "Not labelled yet", {}],
    ]);
    expect(result.annotations).toEqual([
      {
        externalId: "t1",
        annotator: "lead@example.com",
        labels: [],
        // Sorted by start.
        spans: [
          { start: 0, end: 3, label: "person" },
          { start: 15, end: 20, label: "location" },
        ],
        notSure: false,
        line: 1,
      },
      { externalId: "t2", annotator: "ann@example.com", labels: [], spans: [], notSure: false, line: 2 },
    ]);
  });

  it("counts code points by default and UTF-16 units when the file is declared so", async () => {
    // "😂 Paris": the emoji is 1 code point and 2 UTF-16 units, so Paris is 2–7 or 3–8.
    const byCodePoints = await parse([{ id: "a", text: "😂 Paris", spans: [{ start: 2, end: 7, label: "location" }] }]);
    expect(byCodePoints.annotations[0]!.spans).toEqual([{ start: 2, end: 7, label: "location" }]);
    const byUtf16 = await parse([{ id: "a", text: "😂 Paris", spans: [{ start: 3, end: 8, label: "location" }] }], { offsetUnit: "utf-16" });
    expect(byUtf16.annotations[0]!.spans).toEqual([{ start: 2, end: 7, label: "location" }]);
    const inside = await parse([{ id: "a", text: "😂 Paris", spans: [{ start: 1, end: 8, label: "location" }] }], { offsetUnit: "utf-16" });
    expect(messages(inside)).toEqual(['line 1, spans.0.start: 1 falls inside the surrogate pair of "😂"; a span boundary must lie between characters']);
  });

  it("names the line and the field of every bad span, and refuses the whole file", async () => {
    const text38 = "Ada Lovelace wrote the first algorithm"; // 38 code points
    const result = await parse([
      { id: "ok", text: "Ada", spans: [{ start: 0, end: 3, label: "person" }] },
      { id: "a", text: text38, spans: [{ start: 0, end: 12, label: "person" }, { start: 30, end: 40, label: "person" }] },
      { id: "b", text: "Paris", spans: [{ start: 0, end: 5, label: "city" }, { start: 3, end: 3, label: "location" }, "x", { start: "0", end: 2, label: "person" }] },
      { id: "c", text: "Ada Lovelace", spans: [{ start: 0, end: 12, label: "person" }, { start: 4, end: 12, label: "location" }] },
      { id: "d", text: "a  b", spans: { start: 0 } },
      { id: "e", text: "a  b", spans: [{ start: 1, end: 3, label: "person" }] },
    ]);
    expect(messages(result)).toEqual([
      "line 2, spans.1.end: 40 is past the end of the text (38)",
      'line 3, spans.0.label: "city" is not an entity type of this project (types: person, location)',
      "line 3, spans.1.end: 3 must come after the start (3); a span holds at least one character",
      "line 3, spans.2: must be a {start, end, label} object, found a string",
      "line 3, spans.3.start: must be a whole number of code points from the start of the text, found a string",
      'line 4, spans.1: 4–12 "Lovelace" (location) overlaps spans.0 0–12 "Ada Lovelace" (person); overlapping spans are off in this project',
      "line 5, spans: must be an array of {start, end, label} objects, found an object",
      "line 6, spans.0: 1–3 covers only whitespace",
    ]);
    expect(result.problems[0]).toMatchObject({ line: 2, field: "spans.1.end" });
    // The caller imports nothing when problemCount > 0; the good line is not a partial import.
    expect(result.problemCount).toBe(8);
  });

  it("accepts overlapping spans when the project allows them", async () => {
    const result = await parse([{ id: "c", text: "Ada Lovelace", spans: [{ start: 0, end: 12, label: "person" }, { start: 4, end: 12, label: "location" }] }], { allowOverlap: true });
    expect(result.problemCount).toBe(0);
    expect(result.annotations[0]!.spans).toHaveLength(2);
  });
});
