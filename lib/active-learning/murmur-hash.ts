/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a string: fast, deterministic, identical in the
 * browser and under Node, and checkable against the published reference vectors.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Reused between calls: feature hashing calls this hundreds of times per text.
let scratch = new Uint8Array(256);

export function murmurHash3(text: string, seed = 0): number {
  // A UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const length = encodeUtf8(text, scratch);
  return murmurHash3Bytes(scratch, seed, length);
}

export function murmurHash3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed >>> 0;
  const blockEnd = length & ~3;
  for (let i = 0; i < blockEnd; i += 4) {
    let k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= (bytes[blockEnd + 2] as number) << 16;
    if (tail >= 2) k ^= (bytes[blockEnd + 1] as number) << 8;
    k ^= bytes[blockEnd] as number;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Writes the UTF-8 encoding of `text` into `out`; lone surrogates become U+FFFD like TextEncoder. */
function encodeUtf8(text: string, out: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return n;
}
