import { describe, expect, it } from "vitest";
import { ImportLog } from "@/lib/import/import-log";
import { parseCsvItems, parseJsonlItems } from "@/lib/import/items";
import { bytesOf } from "@/lib/import/testing/byte-chunks";
import { firstInvalidUtf8Offset, readLineBlocks } from "@/lib/import/utf8-lines";

function withByte(before: string, byte: number, after: string): Uint8Array {
  return Uint8Array.from([...bytesOf(before), byte, ...bytesOf(after)]);
}

describe("readLineBlocks", () => {
  it("reports a 0xFF byte on line 3 as line 3, with its column, and still reads the other lines", async () => {
    const bytes = withByte('{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n{"id":3,"text":"caf', 0xff, '"}\n{"id":4,"text":"d"}\n');
    const result = await parseJsonlItems([bytes]);
    expect(result.problems).toEqual([
      {
        line: 3,
        message:
          "line 3: byte 0xFF at column 20 is not valid UTF-8; save the file as UTF-8 (it may be Latin-1 or Windows-1252) and import it again",
      },
    ]);
    expect(result.items.map((item) => item.externalId)).toEqual(["1", "2", "4"]);
  });

  it("keeps a header with a bad byte as the header, reporting the byte", async () => {
    const bytes = withByte("id,text,n", 0xf6, "te\n1,a,x\n");
    const result = await parseCsvItems([bytes]);
    expect(result.problems.map((p) => p.line)).toEqual([1]);
    expect(result.items.map((item) => item.text)).toEqual(["a"]);
  });

  it("reports a Latin-1 é in a CSV with its line", async () => {
    const bytes = withByte("id,text\n1,ok\n2,caf", 0xe9, "\n3,fine\n");
    const result = await parseCsvItems([bytes]);
    expect(result.problems.map((p) => [p.line, p.message.slice(0, 40)])).toEqual([[3, "line 3: byte 0xE9 at column 6 is not val"]]);
  });

  it("reports every line with bad bytes, not just the first", async () => {
    const bytes = Uint8Array.from([...withByte("text\n", 0xc0, "\n"), ...withByte("x", 0xff, "\n")]);
    const blocks = [];
    for await (const block of readLineBlocks([bytes], new ImportLog())) blocks.push(block);
    expect(blocks.map((block) => block.text)).toEqual(["text\n\uFFFD\nx\uFFFD\n"]);
    expect(blocks.flatMap((block) => block.invalidLines.map((problem) => problem.line))).toEqual([2, 3]);
  });

  it("drops a leading byte order mark but keeps U+FEFF elsewhere", async () => {
    const log = new ImportLog();
    const blocks = [];
    for await (const block of readLineBlocks([bytesOf("\uFEFFa\n\uFEFFb\n")], log)) blocks.push(block.text);
    expect(blocks.join("")).toBe("a\n\uFEFFb\n");
  });

  it("counts lines across chunks that end mid-line", async () => {
    const log = new ImportLog();
    const lines: number[] = [];
    const chunks = [bytesOf("a\nb"), bytesOf("c\nd"), bytesOf("\ne")];
    for await (const block of readLineBlocks(chunks, log)) lines.push(block.firstLine);
    expect(lines).toEqual([1, 2, 3, 4]);
  });
});

describe("firstInvalidUtf8Offset", () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0xc3, 0xa9], -1],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xff], 1],
    [[0xc0, 0x80], 0], // overlong encoding of NUL
    [[0xe0, 0x80, 0x80], 0], // overlong three-byte form
    [[0xed, 0xa0, 0x80], 0], // UTF-16 surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0x61, 0xe2, 0x82], 1], // cut short
    [[0xc3, 0x41], 0], // missing continuation byte
  ])("finds the first bad byte in %j", (bytes, offset) => {
    expect(firstInvalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });
});
