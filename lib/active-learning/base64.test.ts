import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64 } from "./base64";
import { seededRandom } from "@/lib/random";

const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe("base64", () => {
  // RFC 4648, section 10 test vectors.
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ])("encodes %j as %j and decodes it back", (plain, encoded) => {
    expect(bytesToBase64(ascii(plain))).toBe(encoded);
    expect(Array.from(base64ToBytes(encoded))).toEqual(Array.from(ascii(plain)));
  });

  it("uses + and / for the high sextets", () => {
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("+/+/");
  });

  it("round-trips random bytes of every length modulo 3, across the internal slice boundary", () => {
    const random = seededRandom(5);
    for (const length of [1, 2, 3, 100, 3 * 8192 + 1]) {
      const bytes = Uint8Array.from({ length }, () => random.int(256));
      expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
    }
  });

  it("rejects truncated text and foreign characters with their position", () => {
    expect(() => base64ToBytes("Zm9")).toThrow(/multiple of 4/);
    expect(() => base64ToBytes("Zm-v")).toThrow(/position 2/);
  });
});
