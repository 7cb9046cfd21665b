import { describe, expect, it } from "vitest";
import { derivedItemId, itemContentHash } from "@/lib/import/content-hash";
import { sha256HexOfText } from "@/lib/import/sha256";

describe("itemContentHash", () => {
  it("is the SHA-256 of the trimmed text", () => {
    expect(itemContentHash("  abc\n")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("treats composed and decomposed accents as the same text (NFC)", () => {
    expect(itemContentHash("caf\u0065\u0301")).toBe(itemContentHash("caf\u00e9"));
    expect(itemContentHash("caf\u00e9")).toBe(sha256HexOfText("caf\u00e9"));
  });

  it("tells different texts apart, letter case included", () => {
    expect(itemContentHash("Spam")).not.toBe(itemContentHash("spam"));
  });
});

describe("derivedItemId", () => {
  it("keeps the first 16 hex digits of the hash, and numbers repeats from 2", () => {
    const hash = itemContentHash("abc");
    expect(derivedItemId(hash)).toBe("sha256-ba7816bf8f01cfea");
    expect(derivedItemId(hash, 1)).toBe("sha256-ba7816bf8f01cfea");
    expect(derivedItemId(hash, 3)).toBe("sha256-ba7816bf8f01cfea-3");
  });
});
