/**
 * RFC 4648 base64 (standard alphabet, padded) over bytes, without Buffer or btoa so the same code
 * runs in a Web Worker and under Node and does not go through binary strings.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Build in slices so a multi-megabyte batch does not create one huge intermediate array.
  const slice = 3 * 8192;
  for (let start = 0; start < bytes.length; start += slice) {
    const end = Math.min(start + slice, bytes.length);
    const codes: number[] = [];
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i] as number;
      const b1 = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const b2 = i + 2 < end ? (bytes[i + 2] as number) : 0;
      codes.push(
        ALPHABET.charCodeAt(b0 >> 2),
        ALPHABET.charCodeAt(((b0 & 3) << 4) | (b1 >> 4)),
        i + 1 < end ? ALPHABET.charCodeAt(((b1 & 15) << 2) | (b2 >> 6)) : 61,
        i + 2 < end ? ALPHABET.charCodeAt(b2 & 63) : 61,
      );
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw new SyntaxError(`base64: length ${text.length} is not a multiple of 4; is the text truncated?`);
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  let triple = 0;
  for (let position = 0; position < text.length - padding; position++) {
    const code = text.charCodeAt(position);
    const sextet = code < 128 ? (DECODE[code] as number) : -1;
    if (sextet < 0) {
      throw new SyntaxError(`base64: invalid character ${JSON.stringify(text[position])} at position ${position}`);
    }
    triple = (triple << 6) | sextet;
    if ((position & 3) === 3) {
      bytes[out++] = triple >> 16;
      bytes[out++] = (triple >> 8) & 0xff;
      bytes[out++] = triple & 0xff;
      triple = 0;
    }
  }
  // The last group holds 2 or 3 sextets when padded: 1 or 2 more bytes.
  if (padding === 2) bytes[out] = triple >> 4;
  if (padding === 1) {
    bytes[out] = triple >> 10;
    bytes[out + 1] = (triple >> 2) & 0xff;
  }
  return bytes;
}
