import { describe, expect, it } from "vitest";
import { commandForKey } from "./annotate-keys";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("commandForKey", () => {
  it("passes digits 1-9 and free letters on as label hotkeys, and ignores 0 and capitals", () => {
    expect(commandForKey(key("1"), false)).toEqual({ kind: "label", key: "1" });
    expect(commandForKey(key("9"), false)).toEqual({ kind: "label", key: "9" });
    expect(commandForKey(key("b"), false)).toEqual({ kind: "label", key: "b" });
    expect(commandForKey(key("z"), false)).toEqual({ kind: "label", key: "z" });
    expect(commandForKey(key("0"), false)).toBeNull();
    expect(commandForKey(key("B"), false)).toBeNull();
    expect(commandForKey(key("b", { altKey: true }), false)).toBeNull();
  });
  it("leaves typing alone inside text fields except Enter and Escape", () => {
    expect(commandForKey(key("1"), true)).toBeNull();
    expect(commandForKey(key("n"), true)).toBeNull();
    expect(commandForKey(key("Enter"), true)).toEqual({ kind: "submit" });
    expect(commandForKey(key("Escape"), true)).toEqual({ kind: "escape" });
  });
  it("undoes with u and Ctrl+Z, but not with browser shortcuts like Ctrl+1", () => {
    expect(commandForKey(key("u"), false)).toEqual({ kind: "undo" });
    expect(commandForKey(key("z", { ctrlKey: true }), false)).toEqual({ kind: "undo" });
    expect(commandForKey(key("1", { ctrlKey: true }), false)).toBeNull();
  });
  it("has keys for not sure, skip, note and guidelines", () => {
    expect(["n", "s", "c", "g", "?"].map((k) => commandForKey(key(k), false)?.kind)).toEqual([
      "toggleNotSure",
      "skip",
      "note",
      "guidelines",
      "help",
    ]);
  });
  it("has keys to accept or reject a suggestion and to see its rationale", () => {
    expect(["a", "x", "r"].map((k) => commandForKey(key(k), false)?.kind)).toEqual(["acceptSuggestion", "rejectSuggestion", "toggleRationale"]);
    expect(commandForKey(key("a"), true)).toBeNull();
  });
});
