import { describe, expect, it } from "vitest";
import { hotkeyRefusal } from "./label-hotkeys";

describe("hotkeyRefusal", () => {
  it("accepts digits 1-9 and free letters", () => {
    expect(["1", "9", "b", "q", "z"].map(hotkeyRefusal)).toEqual([null, null, null, null, null]);
  });
  it("refuses 0, upper case, two characters and punctuation", () => {
    for (const key of ["0", "B", "ab", "?", " "]) expect(hotkeyRefusal(key)).toMatch(/not a digit 1-9/);
  });
  it("refuses the annotate page's command letters, naming the command", () => {
    expect(hotkeyRefusal("n")).toBe('Hotkey "n" is taken by the annotate page (not sure): choose another key.');
    expect(["s", "u", "c", "g", "a", "x", "r"].every((k) => hotkeyRefusal(k)?.includes("taken by the annotate page"))).toBe(true);
  });
});
