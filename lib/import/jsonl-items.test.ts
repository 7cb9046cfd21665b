import { describe, expect, it } from "vitest";
import { parseJsonlItems } from "@/lib/import/items";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const parse = (text: string, options: Parameters<typeof parseJsonlItems>[1] = {}) => parseJsonlItems([bytesOf(text)], options);
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

describe("parseJsonlItems", () => {
  it("reads one object per line into id, text and metadata", async () => {
    const result = await parse('{"id":"a-1","text":"hello","lang":"en","tags":["x"]}\n{"id":"a-2","text":"bye","lang":"fr"}\n');
    expect(result.problemCount).toBe(0);
    expect(result.items.map(({ externalId, text, metadata, line }) => ({ externalId, text, metadata, line }))).toEqual([
      { externalId: "a-1", text: "hello", metadata: { lang: "en", tags: ["x"] }, line: 1 },
      { externalId: "a-2", text: "bye", metadata: { lang: "fr" }, line: 2 },
    ]);
  });

  it("skips blank lines, accepts CRLF and a missing final newline, and keeps physical line numbers", async () => {
    const result = await parse('\r\n{"id":1,"text":"a"}\r\n   \r\n\n{"id":2,"text":"b"}');
    expect(result.problemCount).toBe(0);
    expect(result.items.map((item) => [item.externalId, item.text, item.line])).toEqual([
      ["1", "a", 2],
      ["2", "b", 5],
    ]);
  });

  it("converts numeric ids to strings", async () => {
    const result = await parse('{"id":7,"text":"a"}\n{"id":2.5,"text":"b"}\n');
    expect(result.items.map((item) => item.externalId)).toEqual(["7", "2.5"]);
  });

  it("reports a malformed JSON line with its line and column, and goes on to the next", async () => {
    const result = await parse('{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n{"id":3, "text": "c",}\n{"id":4,"text":"d"}\n');
    expect(messages(result)).toEqual(['line 3: invalid JSON: trailing comma before "}" is not allowed in JSON at column 22']);
    expect(result.problems[0]?.line).toBe(3);
    expect(result.items.map((item) => item.externalId)).toEqual(["1", "2", "4"]);
  });

  it("names the column of an unquoted value", async () => {
    const result = await parse('{"id": 1, "text": hello}\n');
    expect(messages(result)).toEqual(['line 1: invalid JSON: expected a value, found "h" at column 19']);
  });

  it("reports a line that is JSON but not an object", async () => {
    const result = await parse('["a","b"]\n"text"\n');
    expect(messages(result)).toEqual([
      "line 1: expected a JSON object ({...}) on each line, found an array",
      "line 2: expected a JSON object ({...}) on each line, found a string",
    ]);
  });

  it("reports an empty or whitespace-only text with its line and field", async () => {
    const result = await parse('{"id":1,"text":"ok"}\n{"id":2,"text":""}\n{"id":3,"text":" \\n\\t "}\n');
    expect(result.problems).toEqual([
      { line: 2, field: "text", message: 'line 2: field "text" is empty' },
      { line: 3, field: "text", message: 'line 3: field "text" is empty' },
    ]);
    expect(result.items).toHaveLength(1);
  });

  it("reports a missing text and a text that is not a string", async () => {
    const result = await parse('{"id":1,"body":"x"}\n{"id":2,"text":42}\n{"id":3,"text":null}\n');
    expect(messages(result)).toEqual([
      'line 1: field "text" is missing',
      'line 2: field "text" must be a string, got a number',
      'line 3: field "text" must be a string, got null',
    ]);
  });

  it("reports a text over the byte limit, counting UTF-8 bytes, and the limit is configurable", async () => {
    const euro = "€".repeat(40); // 120 bytes, 40 characters
    const file = `{"id":1,"text":"${"a".repeat(100)}"}\n{"id":2,"text":"${euro}"}\n`;
    const strict = await parse(file, { maxTextBytes: 100 });
    expect(messages(strict)).toEqual([
      'line 2: field "text" is 120 bytes long, over the 100-byte limit; shorten or split the text, or raise maxTextBytes',
    ]);
    const loose = await parse(file, { maxTextBytes: 120 });
    expect(loose.problemCount).toBe(0);
  });

  it("applies the default limit of 100,000 bytes", async () => {
    const result = await parse(`{"id":1,"text":"${"a".repeat(100_000)}"}\n{"id":2,"text":"${"a".repeat(100_001)}"}\n`);
    expect(messages(result)).toEqual([
      'line 2: field "text" is 100,001 bytes long, over the 100,000-byte limit; shorten or split the text, or raise maxTextBytes',
    ]);
  });

  it("reports a duplicate id naming both lines, and keeps the first", async () => {
    const result = await parse('{"id":"a-3","text":"x"}\n{"id":"a-4","text":"y"}\n{"id":"a-3","text":"z"}\n{"id":3,"text":"w"}\n{"id":"3","text":"v"}\n');
    expect(result.problems).toEqual([
      { line: 3, field: "id", message: 'line 3: field "id" repeats id "a-3" (first seen on line 1); ids must be unique within a file' },
      { line: 5, field: "id", message: 'line 5: field "id" repeats id "3" (first seen on line 4); ids must be unique within a file' },
    ]);
    expect(result.items.map((item) => item.text)).toEqual(["x", "y", "w"]);
  });

  it("reports ids that are empty, of the wrong type or beyond safe integers", async () => {
    const result = await parse('{"id":"","text":"a"}\n{"id":true,"text":"b"}\n{"id":12345678901234567890,"text":"c"}\n');
    expect(messages(result)).toEqual([
      'line 1: field "id" is empty',
      'line 2: field "id" must be a string or a number, got a boolean',
      'line 3: field "id" is a number too large to keep exactly (12345678901234567000); write the id as a string in quotes',
    ]);
  });

  it("derives ids from the content hash when no row has an id, numbering repeated texts", async () => {
    const result = await parse('{"text":"abc"}\n{"text":"other"}\n{"text":"  abc "}\n');
    expect(result.problemCount).toBe(0);
    expect(result.items.map((item) => item.externalId)).toEqual([
      "sha256-ba7816bf8f01cfea",
      expect.stringMatching(/^sha256-[0-9a-f]{16}$/),
      "sha256-ba7816bf8f01cfea-2",
    ]);
    expect(result.warnings).toEqual([
      { line: 3, field: "text", message: 'line 3: same text as line 1; it gets the id "sha256-ba7816bf8f01cfea-2"' },
    ]);
  });

  it("warns about a repeated text under different explicit ids without blocking the import", async () => {
    const result = await parse('{"id":1,"text":"same"}\n{"id":2,"text":"same"}\n');
    expect(result.problemCount).toBe(0);
    expect(result.items).toHaveLength(2);
    expect(result.warnings.map((w) => w.message)).toEqual(["line 2: same text as line 1"]);
  });

  it("reports ids present on some rows only", async () => {
    const withFirst = await parse('{"id":1,"text":"a"}\n{"text":"b"}\n');
    expect(messages(withFirst)).toEqual(['line 2: field "id" is missing; every row needs one because line 1 has one']);
    const withoutFirst = await parse('{"text":"a"}\n{"id":2,"text":"b"}\n');
    expect(messages(withoutFirst)).toEqual([
      'line 2: field "id" is present, but line 1 has no id; give every row an id, or none (ids are then derived from the text)',
    ]);
  });

  it("uses other text and id fields when told", async () => {
    const result = await parse('{"uid":"u1","body":"hi","id":"kept as metadata"}\n', { textField: "body", idField: "uid" });
    expect(result.items.map(({ externalId, text, metadata }) => ({ externalId, text, metadata }))).toEqual([
      { externalId: "u1", text: "hi", metadata: { id: "kept as metadata" } },
    ]);
  });

  it("keeps only the metadata fields asked for", async () => {
    const result = await parse('{"id":1,"text":"a","lang":"en","secret":"x"}\n{"id":2,"text":"b"}\n', { metadataFields: ["lang"] });
    expect(result.items.map((item) => item.metadata)).toEqual([{ lang: "en" }, {}]);
  });

  it("keeps HTML and script in a text exactly as written", async () => {
    const payload = `<img src=x onerror=alert(1)> <script>alert("x")</script> &amp; \u202e`;
    const result = await parse(`${JSON.stringify({ id: "x", text: payload, note: "<b>hi</b>" })}\n`);
    expect(result.items[0]?.text).toBe(payload);
    expect(result.items[0]?.metadata).toEqual({ note: "<b>hi</b>" });
  });

  it("keeps a __proto__ key as plain metadata, without touching the prototype", async () => {
    const result = await parse('{"id":1,"text":"a","__proto__":{"polluted":true}}\n');
    const metadata = result.items[0]?.metadata ?? {};
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(metadata, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports an empty file, and a file of blank lines, as a file-level problem", async () => {
    for (const text of ["", "\n\n  \r\n", "\uFEFF"]) {
      const result = await parse(text);
      expect(result.problems).toEqual([{ line: 0, message: "the file is empty: it has no JSON lines" }]);
    }
  });

  it("collects every problem but lists only the first ones, with the full count", async () => {
    const lines = Array.from({ length: 250 }, (_, k) => `{"id":${k},"text":""}`).join("\n");
    const result = await parseJsonlItems([bytesOf(lines)], { maxProblems: 100 });
    expect(result.problemCount).toBe(250);
    expect(result.problems).toHaveLength(100);
    expect(result.problems[99]?.line).toBe(100);
  });

  it("reports progress in bytes consumed, ending at the file size", async () => {
    const bytes = bytesOf('{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n');
    const seen: number[] = [];
    const result = await parseJsonlItems([bytes.subarray(0, 10), bytes.subarray(10, 25), bytes.subarray(25)], { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([10, 25, bytes.length]);
    expect(result.bytesRead).toBe(bytes.length);
  });

  it("reads a large file handed over as a single chunk", async () => {
    const count = 200_000;
    const lines = Array.from({ length: count }, (_, k) => `{"id":${k},"text":"t${k}"}`).join("\n");
    const result = await parse(lines);
    expect(result.problemCount).toBe(0);
    expect(result.items).toHaveLength(count);
    expect(result.items.at(-1)).toMatchObject({ externalId: String(count - 1), line: count });
  });

  it("reports every line of a file that is not UTF-8 at all, listing the first hundred", async () => {
    const latin1 = Uint8Array.from(Array.from({ length: 5_000 }, () => [...bytesOf('{"text":"caf'), 0xe9, ...bytesOf('"}\n')]).flat());
    const result = await parseJsonlItems([latin1]);
    expect(result.problemCount).toBe(5_000);
    expect(result.problems.map((p) => p.line)).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
    expect(result.items).toEqual([]);
  });

  it("records the content hash of each item's text", async () => {
    const result = await parse('{"id":1,"text":"abc"}\n');
    expect(result.items[0]?.contentHash).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
