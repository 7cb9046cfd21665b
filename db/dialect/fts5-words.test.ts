import { describe, expect, it } from "vitest";
import { fts5Words } from "./sql";

describe("fts5Words", () => {
  it("quotes each run of letters and digits, so FTS5 reads no operator and no punctuation", () => {
    expect(fts5Words("free prize")).toBe('"free" "prize"');
    expect(fts5Words('say "hi" NEAR(a b) -x y* OR z')).toBe('"say" "hi" "NEAR" "a" "b" "x" "y" "OR" "z"');
    expect(fts5Words("don't col:free prize^2")).toBe('"don" "t" "col" "free" "prize" "2"');
  });

  it("leaves nothing for pure punctuation", () => {
    expect(fts5Words(' " * - ( ) ')).toBe("");
    expect(fts5Words("   ")).toBe("");
    expect(fts5Words("héllo 42 —")).toBe('"héllo" "42"');
  });
});
