import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex, sha256HexOfText } from "@/lib/import/sha256";
import { bytesOf } from "@/lib/import/testing/byte-chunks";

describe("sha256Hex", () => {
  // FIPS 180-2, appendix B, and the NIST example values for SHA-256.
  it.each([
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("hashes the FIPS 180 test message %j", (message, digest) => {
    expect(sha256Hex(bytesOf(message))).toBe(digest);
    expect(sha256HexOfText(message)).toBe(digest);
  });

  it("hashes one million repetitions of 'a' (FIPS 180-2 B.3)", () => {
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with Node's crypto at every length around the padding boundaries", () => {
    for (let length = 0; length <= 200; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, k) => (k * 37 + length) & 0xff);
      expect(sha256Hex(bytes), `length ${length}`).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("hashes text as its UTF-8 bytes, multi-byte characters included", () => {
    const text = "café 😀 日本語";
    expect(sha256HexOfText(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });

  it("gives the same digest after hashing a longer message (no state leaks between calls)", () => {
    const first = sha256HexOfText("short");
    sha256HexOfText("x".repeat(10_000));
    expect(sha256HexOfText("short")).toBe(first);
  });
});
