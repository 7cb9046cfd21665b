import { describe, expect, it } from "vitest";

import { renderYaml, type YamlMapping } from "@/lib/export/render-yaml";
import { readBlockYaml } from "@/lib/export/testing/read-block-yaml";

describe("renderYaml", () => {
  it("lays out mappings and sequences the way the Hub writes dataset cards", () => {
    expect(renderYaml({ a: ["p", "q"], b: { c: 1, d: [{ e: true, f: null }] }, g: [], h: {} })).toBe(
      ["a:", "- p", "- q", "b:", "  c: 1", "  d:", "  - e: true", "    f: null", "g: []", "h: {}", ""].join("\n"),
    );
  });

  it("quotes strings a YAML reader would take as something else, and only those", () => {
    const strings = [
      "n<1K",
      "1K<n<10K",
      "text-classification",
      "data/train.jsonl",
      "cc-by-4.0",
      "yes",
      "y",
      "No",
      "null",
      "2024-01-01",
      "0x1F",
      "1e5",
      "12",
      "not sure",
      "a: b",
      "# tag",
      "-dash",
      "",
      "line\nbreak",
      "quote \" and 'apostrophe'",
      "del\u007f and nel\u0085",
    ];
    const rendered = renderYaml({ values: strings });
    expect(rendered.split("\n").slice(1, 5)).toEqual(["- n<1K", "- 1K<n<10K", "- text-classification", "- data/train.jsonl"]);
    expect(rendered).toContain('- "yes"\n- "y"\n- "No"\n- "null"\n- "2024-01-01"\n- "0x1F"\n- "1e5"\n- "12"\n');
    expect(rendered).toContain('- "del\\u007f and nel\\u0085"');
    expect(readBlockYaml(rendered)).toEqual({ values: strings });
  });

  it("single-quotes keys that are not identifiers, such as ClassLabel ids", () => {
    const mapping: YamlMapping = { names: { "0": "ham", "1": "spam" }, "odd key": 1 };
    expect(renderYaml(mapping)).toBe("names:\n  '0': ham\n  '1': spam\n'odd key': 1\n");
    expect(readBlockYaml(renderYaml(mapping))).toEqual(mapping);
  });
});
