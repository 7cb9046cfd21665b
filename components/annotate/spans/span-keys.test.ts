import { describe, expect, it } from "vitest";
import { spanCommandForKey } from "./span-keys";

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("spanCommandForKey", () => {
  it("moves the cursor with the arrows, Home and End, and extends with Shift", () => {
    expect(spanCommandForKey(key("ArrowRight"), false)).toEqual({ kind: "move", to: "right", extend: false });
    expect(spanCommandForKey(key("ArrowLeft", { shiftKey: true }), false)).toEqual({ kind: "move", to: "left", extend: true });
    expect(spanCommandForKey(key("Home"), false)).toEqual({ kind: "move", to: "home", extend: false });
    expect(spanCommandForKey(key("End", { shiftKey: true }), false)).toEqual({ kind: "move", to: "end", extend: true });
  });

  it("leaves the arrows and Backspace to a text field being typed in", () => {
    expect(spanCommandForKey(key("ArrowRight"), true)).toBeNull();
    expect(spanCommandForKey(key("Backspace"), true)).toBeNull();
    expect(spanCommandForKey(key("p"), true)).toBeNull();
    expect(spanCommandForKey(key("Enter"), true)).toEqual({ kind: "submit" });
  });

  it("reads digits and free letters as type hotkeys, and the command letters as commands", () => {
    expect(spanCommandForKey(key("1"), false)).toEqual({ kind: "hotkey", key: "1" });
    expect(spanCommandForKey(key("p"), false)).toEqual({ kind: "hotkey", key: "p" });
    expect(spanCommandForKey(key("y"), false)).toEqual({ kind: "yes" });
    expect(spanCommandForKey(key("n"), false)).toEqual({ kind: "no" });
    expect(spanCommandForKey(key("a"), false)).toEqual({ kind: "acceptAllSuggested" });
    expect(spanCommandForKey(key("x"), false)).toEqual({ kind: "rejectAllSuggested" });
    expect(spanCommandForKey(key("s"), false)).toEqual({ kind: "skip" });
    expect(spanCommandForKey(key("Enter"), false)).toEqual({ kind: "submit" });
  });

  it("removes with Backspace and Delete, and keeps Ctrl+Z as undo", () => {
    expect(spanCommandForKey(key("Backspace"), false)).toEqual({ kind: "removeSpan" });
    expect(spanCommandForKey(key("Delete"), false)).toEqual({ kind: "removeSpan" });
    expect(spanCommandForKey(key("z", { ctrlKey: true }), false)).toEqual({ kind: "undo" });
    expect(spanCommandForKey(key("1", { altKey: true }), false)).toBeNull();
  });
});
