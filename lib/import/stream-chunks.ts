/**
 * The chunks of a web `ReadableStream` (e.g. `file.stream()` in the browser) as an async
 * iterable, for the parsers' `ByteSource`. Some browsers (Safari) cannot iterate a stream with
 * `for await` yet, so this reads it through its reader. The lock is released however the reading
 * ends, including when a parser stops early.
 */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
