import { describe, expect, it } from "vitest";
import { fts5Words } from "./sql";

describe("fts5Words", () => {
  it("quotes each word, doubling inner quotes, so FTS5 reads no operator", () => {
    expect(fts5Words("free prize")).toBe('"free" "prize"');
    expect(fts5Words('say "hi" NEAR(a b) -x y* OR z')).toBe('"say" """hi""" "NEAR(a" "b)" "-x" "y*" "OR" "z"');
  });

  it("drops words with no letter or digit, leaving nothing for pure punctuation", () => {
    expect(fts5Words(' " * - ( ) ')).toBe("");
    expect(fts5Words("   ")).toBe("");
    expect(fts5Words("héllo 42 —")).toBe('"héllo" "42"');
  });
});
