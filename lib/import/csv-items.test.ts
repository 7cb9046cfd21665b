import { describe, expect, it } from "vitest";
import { parseCsvItems } from "@/lib/import/items";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

const parse = (text: string, options: Parameters<typeof parseCsvItems>[1] = {}) => parseCsvItems([bytesOf(text)], options);
const texts = (result: { items: { text: string }[] }) => result.items.map((item) => item.text);
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

describe("parseCsvItems", () => {
  it("reads a header and rows into id, text and string metadata", async () => {
    const result = await parse("id,text,lang\n1,hello,en\n2,bye,\n");
    expect(result.problemCount).toBe(0);
    expect(result.items.map(({ externalId, text, metadata, line }) => ({ externalId, text, metadata, line }))).toEqual([
      { externalId: "1", text: "hello", metadata: { lang: "en" }, line: 2 },
      { externalId: "2", text: "bye", metadata: { lang: "" }, line: 3 },
    ]);
  });

  it("keeps delimiters, doubled quotes and line breaks inside quoted fields", async () => {
    const result = await parse('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,""\n5,after\n');
    expect(texts(result)).toEqual(["a, b", 'say "hi"', "two\nlines", "after"]);
    expect(result.items.map((item) => item.line)).toEqual([2, 3, 4, 7]);
    expect(messages(result)).toEqual(['line 6: field "text" is empty']);
  });

  it("accepts CRLF line endings and keeps a CRLF inside a quoted field as written", async () => {
    const result = await parse('id,text\r\n1,plain\r\n2,"multi\r\nline"\r\n3,last\r\n');
    expect(result.problemCount).toBe(0);
    expect(texts(result)).toEqual(["plain", "multi\r\nline", "last"]);
    expect(result.items.map((item) => item.line)).toEqual([2, 3, 5]);
  });

  it("reads the last row whether or not the file ends with a line break", async () => {
    for (const end of ["", "\n", "\r\n"]) {
      const result = await parse(`id,text\n1,a\n2,"b"${end}`);
      expect(texts(result), JSON.stringify(end)).toEqual(["a", "b"]);
    }
  });

  it("strips a UTF-8 byte order mark before the header", async () => {
    const result = await parse("\uFEFFid,text\n1,a\n");
    expect(result.problemCount).toBe(0);
    expect(result.items[0]?.externalId).toBe("1");
  });

  it("skips empty lines between rows", async () => {
    const result = await parse("id,text\n\n1,a\r\n\r\n2,b\n\n");
    expect(result.problemCount).toBe(0);
    expect(result.items.map((item) => item.line)).toEqual([3, 5]);
  });

  it("keeps a trailing empty field after a final delimiter", async () => {
    const result = await parse("id,text,note\n1,a,", {});
    expect(result.problemCount).toBe(0);
    expect(result.items[0]?.metadata).toEqual({ note: "" });
  });

  it("reports a ragged row with the line where the record starts", async () => {
    const result = await parse('id,text\n1,a\n2,"multi\nline",extra\n3,b,c,d\n4\n5,ok\n');
    expect(messages(result)).toEqual([
      'line 3: the row has 3 fields but the header has 2 ("id", "text"); a value may hold an unquoted delimiter, or a field is missing',
      'line 5: the row has 4 fields but the header has 2 ("id", "text"); a value may hold an unquoted delimiter, or a field is missing',
      'line 6: the row has 1 fields but the header has 2 ("id", "text"); a value may hold an unquoted delimiter, or a field is missing',
    ]);
    expect(texts(result)).toEqual(["a", "ok"]);
  });

  it("reports a missing text column as a file-level problem naming the columns found", async () => {
    const result = await parse("Label,SMS\nham,hello\n");
    expect(result.problems).toEqual([
      {
        line: 1,
        field: "text",
        message: 'line 1: the header has no "text" column (columns found: "Label", "SMS"); rename the column or set the textField option',
      },
    ]);
    expect(result.items).toEqual([]);
  });

  it("reports a missing metadata column that was asked for", async () => {
    const result = await parse("id,text\n1,a\n", { metadataFields: ["lang"] });
    expect(messages(result)).toEqual(['line 1: metadata column "lang" not in the header (columns found: "id", "text")']);
  });

  it("reports a column named twice in the header", async () => {
    const result = await parse("id,text,text\n1,a,b\n");
    expect(messages(result)).toEqual(['line 1: the header names column "text" twice (columns 2 and 3); rename one of them']);
  });

  it("reports an empty file and a header without rows", async () => {
    expect((await parse("")).problems).toEqual([{ line: 0, message: "the file is empty: expected a header row naming the columns" }]);
    expect((await parse("\r\n\n")).problems).toEqual([{ line: 0, message: "the file is empty: expected a header row naming the columns" }]);
    expect((await parse("id,text\n")).problems).toEqual([{ line: 1, message: "the file has a header row (line 1) but no data rows" }]);
  });

  it("trims spaces around header names but keeps values as written", async () => {
    const result = await parse("id , text\n1, padded \n");
    expect(result.items[0]?.text).toBe(" padded ");
  });

  it("derives ids when the header has no id column, and requires a value when it has one", async () => {
    const derived = await parse("text\nabc\n");
    expect(derived.items[0]?.externalId).toBe("sha256-ba7816bf8f01cfea");
    const empty = await parse("id,text\n,abc\n");
    expect(messages(empty)).toEqual(['line 2: field "id" is empty']);
  });

  it("reports a duplicate id naming both lines", async () => {
    const result = await parse('id,text\na-3,x\na-4,"y\ny"\na-3,z\n');
    expect(result.problems).toEqual([
      { line: 5, field: "id", message: 'line 5: field "id" repeats id "a-3" (first seen on line 2); ids must be unique within a file' },
    ]);
  });

  it("reports text after a closing quote, naming the column, and drops only that row", async () => {
    const result = await parse('id,text\n1,"quoted" then more\n2,fine\n');
    expect(result.problems).toEqual([
      {
        line: 2,
        field: "text",
        message:
          'line 2: field "text" has text after its closing quote; inside a quoted value write a quote twice (""), or import with quoting off if the file does not quote its values',
      },
    ]);
    expect(texts(result)).toEqual(["fine"]);
  });

  it("reports a quote that never closes, on the line where it opens", async () => {
    const result = await parse('id,text\n1,ok\n2,"runs on\n3,to the end\n');
    expect(messages(result)).toEqual([
      'line 3: field "text" opens a quoted value that never closes before the end of the file; look for a stray quote in this row, or import with quoting off if the file does not quote its values',
    ]);
    expect(texts(result)).toEqual(["ok"]);
  });

  it("keeps a quote inside an unquoted value as data", async () => {
    const result = await parse('id,text\n1,a 5" screen\n');
    expect(texts(result)).toEqual(['a 5" screen']);
  });

  it("reads TSV with a tab delimiter, quoting as in CSV by default", async () => {
    const result = await parse('id\ttext\n1\t"a\tb"\n2\tc, d\n', { delimiter: "\t" });
    expect(texts(result)).toEqual(["a\tb", "c, d"]);
  });

  it("treats quotes as plain characters when quoting is off", async () => {
    const result = await parse('id\ttext\n1\t"Happy" I know\n2\t"all quoted"\n', { delimiter: "\t", quote: null });
    expect(result.problemCount).toBe(0);
    expect(texts(result)).toEqual(['"Happy" I know', '"all quoted"']);
  });

  it("keeps HTML and script in a text exactly as written", async () => {
    const result = await parse('id,text\n1,<img src=x onerror=alert(1)>\n2,"<a href=""javascript:alert(1)"">x</a>"\n');
    expect(texts(result)).toEqual(["<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>']);
  });

  it("keeps a __proto__ column as plain metadata", async () => {
    const result = await parse("id,text,__proto__\n1,a,x\n");
    const metadata = result.items[0]?.metadata ?? {};
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(metadata).toEqual(Object.fromEntries([["__proto__", "x"]]));
  });

  it("refuses a delimiter that cannot work", async () => {
    await expect(parse("a\n", { delimiter: ";;" })).rejects.toThrow(/one character/);
    await expect(parse("a\n", { delimiter: ",", quote: "," })).rejects.toThrow(/different from the delimiter/);
  });
});
