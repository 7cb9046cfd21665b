// Request bodies are read as streams and cut off at a size limit, so an oversized body is refused
// (413) after at most `limit` bytes instead of being buffered whole.
import { GoldsetError } from "@/lib/errors";

function tooLarge(limit: number, what: string): GoldsetError {
  return new GoldsetError("payload_too_large", `The ${what} is larger than the limit of ${limit} bytes.`);
}

/** Refuses at once when the client announces a body over the limit. */
export function refuseDeclaredOversize(request: Request, limit: number, what: string): void {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, what);
}

/** The body's chunks, failing with 413 as soon as more than `limit` bytes have arrived. */
export async function* limitedChunks(body: ReadableStream<Uint8Array>, limit: number, what: string): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      received += value.byteLength;
      if (received > limit) throw tooLarge(limit, what);
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
