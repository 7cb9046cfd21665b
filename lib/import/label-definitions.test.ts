import { describe, expect, it } from "vitest";
import { labelNameProblem, validateLabelDefinitions } from "@/lib/import/label-definitions";

describe("labelNameProblem", () => {
  it("accepts ordinary names, accents, emoji and exactly 64 characters", () => {
    for (const name of ["spam", "Not sure", "Sci/Tech", "négatif", "👍🏽 good", "👨‍👩‍👧 family", "x".repeat(64), "😀".repeat(64)]) {
      expect(labelNameProblem(name), name).toBeNull();
    }
  });

  it("rejects empty and whitespace-only names", () => {
    expect(labelNameProblem("")).toBe("is empty");
    expect(labelNameProblem(" \t ")).toBe("is empty");
  });

  it("rejects a name over 64 characters, showing its length and only its start", () => {
    expect(labelNameProblem("x".repeat(65))).toBe(`is 65 characters long, over the 64-character limit: "${"x".repeat(20)}"…`);
    const absurd = labelNameProblem("y".repeat(1_000_000)) ?? "";
    expect(absurd).toMatch(/^is 1,000,000 characters long, over the 64-character limit/);
    expect(absurd.length).toBeLessThan(120);
  });

  it("rejects control characters and line separators", () => {
    expect(labelNameProblem("a\tb")).toBe('contains the control character U+0009: "a\\tb"');
    expect(labelNameProblem("a\u0000b")).toBe('contains the control character U+0000: "a\\u0000b"');
    expect(labelNameProblem("a\u2028b")).toMatch(/U\+2028/);
    expect(labelNameProblem("a\u0085b")).toMatch(/U\+0085/);
  });

  it("rejects leading or trailing whitespace", () => {
    expect(labelNameProblem(" spam")).toBe('starts or ends with whitespace: " spam"');
  });
});

describe("validateLabelDefinitions", () => {
  it("accepts a valid label set", () => {
    expect(
      validateLabelDefinitions([
        { name: "ham", hotkey: 1, color: "#1f77b4" },
        { name: "spam", hotkey: 2, color: "#FF7F0E" },
        { name: "unsure", hotkey: null, color: null },
      ]),
    ).toEqual([]);
  });

  it("reports names that differ only in letter case, naming both labels", () => {
    expect(validateLabelDefinitions([{ name: "Spam" }, { name: "ham" }, { name: "spam" }])).toEqual([
      { index: 2, field: "name", message: 'label 3 ("spam"): name is already used by label 1 ("Spam"); label names must differ by more than letter case' },
    ]);
  });

  it("treats composed and decomposed accents as the same name", () => {
    expect(validateLabelDefinitions([{ name: "n\u00e9gatif" }, { name: "ne\u0301gatif" }])).toHaveLength(1);
  });

  it("reports invalid names with the label's position", () => {
    expect(validateLabelDefinitions([{ name: "ok" }, { name: "" }, { name: "z".repeat(70) }])).toEqual([
      { index: 1, field: "name", message: "label 2: name is empty" },
      { index: 2, field: "name", message: `label 3: name is 70 characters long, over the 64-character limit: "${"z".repeat(20)}"…` },
    ]);
  });

  it("reports hotkeys outside 1–9 and hotkeys used twice", () => {
    expect(
      validateLabelDefinitions([
        { name: "a", hotkey: 1 },
        { name: "b", hotkey: 0 },
        { name: "c", hotkey: 10 },
        { name: "d", hotkey: 2.5 },
        { name: "e", hotkey: 1 },
      ]),
    ).toEqual([
      { index: 1, field: "hotkey", message: 'label 2 ("b"): hotkey must be a whole number from 1 to 9, got 0' },
      { index: 2, field: "hotkey", message: 'label 3 ("c"): hotkey must be a whole number from 1 to 9, got 10' },
      { index: 3, field: "hotkey", message: 'label 4 ("d"): hotkey must be a whole number from 1 to 9, got 2.5' },
      { index: 4, field: "hotkey", message: 'label 5 ("e"): hotkey 1 is already used by label 1 ("a")' },
    ]);
  });

  it("reports colours not written #rrggbb", () => {
    const problems = validateLabelDefinitions(["#abc", "red", "#12345g", "1f77b4", "#1f77b4 "].map((color, k) => ({ name: `l${k}`, color })));
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [0, "color"],
      [1, "color"],
      [2, "color"],
      [3, "color"],
      [4, "color"],
    ]);
    expect(problems[0]?.message).toBe('label 1 ("l0"): colour must be written #rrggbb (e.g. "#1f77b4"), got "#abc"');
  });

  it("reports every problem of a label, not just the first", () => {
    expect(validateLabelDefinitions([{ name: "", hotkey: 12, color: "blue" }]).map((p) => p.field)).toEqual(["name", "hotkey", "color"]);
  });
});
