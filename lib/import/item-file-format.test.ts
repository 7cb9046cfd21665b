import { describe, expect, it } from "vitest";
import { itemFileFormat, parseItemFile } from "./item-file-format";

const bytes = (s: string) => [new TextEncoder().encode(s)];

describe("itemFileFormat", () => {
  it("prefers the explicit format and falls back to the extension", () => {
    expect(itemFileFormat("a.csv", "jsonl")).toBe("jsonl");
    expect(itemFileFormat("data.NDJSON")).toBe("jsonl");
    expect(itemFileFormat("x.tsv")).toBe("tsv");
  });
  it("says what to do when it cannot tell", () => {
    expect(() => itemFileFormat("items.txt")).toThrow(/name it \.jsonl, \.csv or \.tsv/);
    expect(() => itemFileFormat("a.csv", "xml")).toThrow(/unknown format "xml"/);
  });
});

describe("parseItemFile", () => {
  it("reads TSV with bare quotes in the text as plain characters", async () => {
    const parsed = await parseItemFile(bytes('id\ttext\n1\tsay "hi"\n'), "tsv", {});
    expect(parsed.problemCount).toBe(0);
    expect(parsed.items.map((i) => i.text)).toEqual(['say "hi"']);
  });
});
