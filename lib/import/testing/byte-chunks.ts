// Test support: feed the same bytes to a reader in different chunkings.

import { mulberry32Float } from "@/lib/random";

const utf8 = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}

/** The bytes split at the given offsets (sorted, within range). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

/** Fixed-size chunks, as a file reader produces them. */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.slice(start, start + size));
  return chunks;
}

/** Random chunks of 1 to `maxSize` bytes. */
export function randomChunks(bytes: Uint8Array, seed: number, maxSize: number): Uint8Array[] {
  // Seeded, so a failing random split can be replayed.
  const random = mulberry32Float(seed);
  const cuts: number[] = [];
  let at = 0;
  for (;;) {
    at += 1 + Math.floor(random() * maxSize);
    if (at >= bytes.length) break;
    cuts.push(at);
  }
  return splitAt(bytes, cuts);
}
