import { describe, expect, it } from "vitest";
import { parseCsvItems, parseJsonlItems } from "@/lib/import/items";
import { parseLabelStudioExport } from "@/lib/import/label-studio";
import { bytesOf, chunksOf, randomChunks, splitAt } from "@/lib/import/testing/byte-chunks";

// Files that exercise everything a chunk boundary can cut through: a byte order mark, two-, three-
// and four-byte characters, CRLF, quoted line breaks, a bad byte, and problems that must keep their
// line numbers.
const jsonl = Uint8Array.from([
  ...bytesOf('\uFEFF{"id":"é-1","text":"café € 😀 naïve"}\r\n\r\n{"id":2,"text":"<img src=x onerror=alert(1)>"}\n'),
  ...bytesOf('{"id":3,"text":"bad '),
  0xff,
  ...bytesOf('"}\n{"id":"é-1","text":"dup"}\n{"id":5 "text":"x"}\n{"id":6,"text":"日本語のテキスト"}'),
]);

const csv = Uint8Array.from([
  ...bytesOf('\uFEFFid,text,note\r\n1,"multi\r\nline, with ""quotes"" 😀",n\r\n2,plain é,\r\n3,"x"y,z\r\n'),
  ...bytesOf("4,caf"),
  0xe9,
  ...bytesOf(',n\r\n5,"ok €",\r\n6,ragged\r\n7,"last 😀",x'),
]);

async function canonical(parse: (chunks: Uint8Array[]) => Promise<unknown>, chunks: Uint8Array[]): Promise<string> {
  return JSON.stringify(await parse(chunks));
}

async function expectSameAtEverySplit(bytes: Uint8Array, parse: (chunks: Uint8Array[]) => Promise<unknown>): Promise<string> {
  const whole = await canonical(parse, [bytes]);
  for (let cut = 0; cut <= bytes.length; cut += 1) {
    expect(await canonical(parse, splitAt(bytes, [cut])), `split at byte ${cut}`).toBe(whole);
  }
  for (let a = 1; a < bytes.length; a += 7) {
    for (let b = a + 1; b < bytes.length; b += 5) {
      expect(await canonical(parse, splitAt(bytes, [a, b])), `split at bytes ${a} and ${b}`).toBe(whole);
    }
  }
  expect(await canonical(parse, chunksOf(bytes, 1)), "one byte per chunk").toBe(whole);
  for (let seed = 1; seed <= 50; seed += 1) {
    expect(await canonical(parse, randomChunks(bytes, seed, 9)), `random chunks, seed ${seed}`).toBe(whole);
  }
  return whole;
}

describe("chunk boundaries", () => {
  it("JSONL items come out the same however the bytes are split", async () => {
    const whole = await expectSameAtEverySplit(jsonl, (chunks) => parseJsonlItems(chunks));
    const result = JSON.parse(whole) as Awaited<ReturnType<typeof parseJsonlItems>>;
    // The reference parse itself is right, so the comparison means something.
    expect(result.items.map((item) => [item.externalId, item.text, item.line])).toEqual([
      ["é-1", "café € 😀 naïve", 1],
      ["2", "<img src=x onerror=alert(1)>", 3],
      ["6", "日本語のテキスト", 7],
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 6]);
  });

  it("CSV items come out the same however the bytes are split", async () => {
    const whole = await expectSameAtEverySplit(csv, (chunks) => parseCsvItems(chunks));
    const result = JSON.parse(whole) as Awaited<ReturnType<typeof parseCsvItems>>;
    expect(result.items.map((item) => [item.externalId, item.text, item.line])).toEqual([
      ["1", 'multi\r\nline, with "quotes" 😀', 2],
      ["2", "plain é", 4],
      ["5", "ok €", 7],
      ["7", "last 😀", 9],
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([5, 6, 8]);
  });

  it("a Label Studio export comes out the same however the bytes are split", async () => {
    const bytes = bytesOf(
      JSON.stringify(
        [
          { id: 1, data: { text: "über 😀" }, annotations: [{ completed_by: 3, result: [{ type: "choices", from_name: "c", to_name: "t", value: { choices: ["pos"] } }] }] },
          { id: 2, data: { text: "" } },
        ],
        null,
        2,
      ),
    );
    const whole = await expectSameAtEverySplit(bytes, (chunks) => parseLabelStudioExport(chunks));
    expect(JSON.parse(whole)).toMatchObject({ problemCount: 1, items: [{ externalId: "1", text: "über 😀" }] });
  });
});
