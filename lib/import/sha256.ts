// SHA-256 (FIPS 180-4) in plain TypeScript. crypto.subtle would do the same natively, but it is
// async (one promise per item in a 100,000-item import) and browsers withhold it outside secure
// contexts, so a Goldset served over plain http on a LAN would lose de-duplication. This runs
// synchronously and identically in the browser, a Web Worker and Node.
//
// Written for speed on short texts: one reused buffer for the padded message (texts are encoded
// straight into it), int32 arithmetic throughout, no allocation per block.
//
// Kept rather than a library because the one portable synchronous candidate is clearly slower.
// bench/import-parse.ts hashes the same 100,000 SMS-length texts with each implementation in one
// run; on the quietest of five runs (Node 20): this file 107 ms, @noble/hashes 2.4 537 ms (3.3-5x
// across the runs: a new hasher, its argument checks and its zero-fill per message), node:crypto
// createHash 125 ms (even, within noise) and crypto.hash 46 ms (0.4-0.5x), but node:crypto does not
// exist in the browser. With @noble/hashes inside the importer the whole parse took 1.6-1.7 s of
// CPU instead of 0.75-0.81 s. Figures and the decision: docs/decisions/0003-content-hashing.md.

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);
const H = new Int32Array(8);
const HEX_DIGITS = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
// The digest's hex characters are written here and turned into one flat string at once, which
// allocates far less than concatenating 32 two-character pieces per digest.
const hexCodes: number[] = new Array<number>(64).fill(0);
const utf8 = new TextEncoder();

let buffer = new Uint8Array(4096);
let view = new DataView(buffer.buffer);

/** The SHA-256 digest of `message` as 64 lowercase hex characters. */
export function sha256Hex(message: Uint8Array): string {
  reserve(message.length);
  buffer.set(message);
  return digestBuffer(message.length);
}

/** The SHA-256 digest of the UTF-8 encoding of `text`, without allocating the encoded bytes. */
export function sha256HexOfText(text: string): string {
  // UTF-8 needs at most three bytes per UTF-16 unit.
  reserve(text.length * 3);
  const { written } = utf8.encodeInto(text, buffer);
  return digestBuffer(written);
}

/** Makes the buffer hold `length` message bytes plus padding. */
function reserve(length: number): void {
  const needed = length + 72;
  if (buffer.length >= needed) return;
  buffer = new Uint8Array(Math.max(needed, buffer.length * 2));
  view = new DataView(buffer.buffer);
}

/** Pads the message in buffer[0, length) (a 1 bit, zeros, the bit length) and hashes it. */
function digestBuffer(length: number): string {
  const total = (Math.floor((length + 8) / 64) + 1) * 64;
  buffer.fill(0, length, total);
  buffer[length] = 0x80;
  const bits = length * 8;
  view.setUint32(total - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(total - 4, bits >>> 0);

  H.set(INITIAL);
  for (let block = 0; block < total; block += 64) compress(block);
  for (let k = 0; k < 8; k += 1) {
    const word = H[k] as number;
    for (let nibble = 0; nibble < 8; nibble += 1) {
      hexCodes[k * 8 + nibble] = HEX_DIGITS[(word >>> (28 - nibble * 4)) & 0xf] as number;
    }
  }
  return String.fromCharCode.apply(null, hexCodes);
}

function compress(block: number): void {
  for (let t = 0; t < 16; t += 1) W[t] = view.getInt32(block + t * 4);
  for (let t = 16; t < 64; t += 1) {
    const x = W[t - 15] as number;
    const y = W[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = ((W[t - 16] as number) + s0 + (W[t - 7] as number) + s1) | 0;
  }
  let a = H[0] as number;
  let b = H[1] as number;
  let c = H[2] as number;
  let d = H[3] as number;
  let e = H[4] as number;
  let f = H[5] as number;
  let g = H[6] as number;
  let h = H[7] as number;
  for (let t = 0; t < 64; t += 1) {
    const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choose = (e & f) ^ (~e & g);
    const t1 = (h + sigma1 + choose + (K[t] as number) + (W[t] as number)) | 0;
    const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + sigma0 + majority) | 0;
  }
  H[0] = ((H[0] as number) + a) | 0;
  H[1] = ((H[1] as number) + b) | 0;
  H[2] = ((H[2] as number) + c) | 0;
  H[3] = ((H[3] as number) + d) | 0;
  H[4] = ((H[4] as number) + e) | 0;
  H[5] = ((H[5] as number) + f) | 0;
  H[6] = ((H[6] as number) + g) | 0;
  H[7] = ((H[7] as number) + h) | 0;
}
