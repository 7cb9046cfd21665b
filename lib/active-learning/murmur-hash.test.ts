import { describe, expect, it } from "vitest";
import { murmurHash3, murmurHash3Bytes } from "./murmur-hash";

describe("murmurHash3", () => {
  // Reference vectors of MurmurHash3_x86_32 as published with the reference implementation's ports.
  it.each([
    ["", 0, 0x00000000],
    ["", 1, 0x514e28b7],
    ["", 0xffffffff, 0x81f16f39],
    ["test", 0, 0xba6bd213],
    ["test", 0x9747b28c, 0x704b81dc],
    ["Hello, world!", 0, 0xc0363e43],
    ["Hello, world!", 0x9747b28c, 0x24884cba],
    ["The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723],
    ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
  ])("hashes %j with seed %d to the published value", (text, seed, expected) => {
    expect(murmurHash3(text, seed)).toBe(expected);
  });

  it("hashes the UTF-8 bytes of non-ASCII text (published vectors)", () => {
    expect(murmurHash3("special characters açb↓c")).toBe(0xbe83b140);
    expect(murmurHash3("Rýchla hnedá líška preskočila lenivého psa")).toBe(0x678b9be9);
  });

  it("passes the SMHasher verification value 0xB0F57EE3", () => {
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(1024);
    const view = new DataView(hashes.buffer);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      view.setUint32(4 * i, murmurHash3Bytes(key, 256 - i, i), true);
    }
    expect(murmurHash3Bytes(hashes, 0)).toBe(0xb0f57ee3);
  });

  it("encodes astral characters and lone surrogates exactly like TextEncoder", () => {
    for (const text of ["😀 emoji", "\ud800x", "x\udc00", "日本語"]) {
      expect(murmurHash3(text)).toBe(murmurHash3Bytes(new TextEncoder().encode(text)));
    }
  });
});
