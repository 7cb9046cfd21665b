import { describe, expect, it } from "vitest";
import { parseJsonlItems } from "@/lib/import/items";
import { streamChunks } from "@/lib/import/stream-chunks";
import { bytesOf, chunksOf } from "@/lib/import/testing/byte-chunks";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe("streamChunks", () => {
  it("feeds a web stream to a parser, as a browser upload does", async () => {
    const bytes = bytesOf('{"id":1,"text":"a"}\n{"id":2,"text":"ü"}\n');
    const progress: number[] = [];
    const result = await parseJsonlItems(streamChunks(streamOf(chunksOf(bytes, 7))), { onProgress: (n) => progress.push(n) });
    expect(result.items.map((item) => item.text)).toEqual(["a", "ü"]);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it("releases the stream when the reading stops early", async () => {
    const stream = streamOf([bytesOf("a"), bytesOf("b")]);
    for await (const chunk of streamChunks(stream)) {
      expect(chunk).toEqual(bytesOf("a"));
      break;
    }
    expect(stream.locked).toBe(false);
  });
});
