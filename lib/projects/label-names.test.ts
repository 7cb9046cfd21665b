import { describe, expect, it } from "vitest";
import { labelNames, labelNamesAsOf, mergeRefusal, nameTakenRefusal, renameRefusal, type LabelAlias, type NamedLabel } from "./label-names";

const RETIRED = new Date("2026-01-01T00:00:00Z");
const label = (id: number, name: string, retired = false): NamedLabel => ({ id, name, retiredAt: retired ? RETIRED : null });

describe("labelNames", () => {
  it("reads a label's own name as itself and an unknown name as itself", () => {
    const names = labelNames([label(1, "spam"), label(2, "ham")], []);
    expect(names.read("spam")).toBe("spam");
    expect(names.read("gone")).toBe("gone");
    expect(names.storedNamesOf("ham")).toEqual(["ham"]);
  });

  it("follows a chain of renames to the current name: spam -> junk -> promo", () => {
    // Label 1 was "spam", renamed "junk", then "promo": two rename aliases point at it.
    const aliases: LabelAlias[] = [
      { name: "spam", labelId: 1, kind: "rename" },
      { name: "junk", labelId: 1, kind: "rename" },
    ];
    const names = labelNames([label(1, "promo"), label(2, "ham")], aliases);
    expect(["spam", "junk", "promo", "ham"].map(names.read)).toEqual(["promo", "promo", "promo", "ham"]);
    expect(names.storedNamesOf("promo")).toEqual(["junk", "promo", "spam"]);
  });

  it("rename then merge: the old name of the merged label reads as the target", () => {
    // Label 1 "bad" was renamed from "negative"; then "bad" (retired) is merged into "poor" (2).
    const aliases: LabelAlias[] = [
      { name: "negative", labelId: 1, kind: "rename" },
      { name: "bad", labelId: 2, kind: "merge" },
    ];
    const names = labelNames([label(1, "bad", true), label(2, "poor")], aliases);
    expect(names.read("negative")).toBe("poor");
    expect(names.read("bad")).toBe("poor");
    expect(names.readAll(["bad", "poor", "negative"])).toEqual(["poor"]);
    expect(names.storedNamesOf("poor")).toEqual(["bad", "negative", "poor"]);
    expect(names.mergedInto(1)).toBe(2);
  });

  it("merge then revert: with the merge alias gone, the name reads as its own label again", () => {
    // The reverted alias is not in force, so it is not passed in.
    const names = labelNames([label(1, "bad"), label(2, "poor")], []);
    expect(names.read("bad")).toBe("bad");
    expect(names.mergedInto(1)).toBeUndefined();
  });

  it("rename of a merged target: the merged name follows the target's new name", () => {
    // "bad" (1) merged into "poor" (2); then "poor" renamed "weak".
    const aliases: LabelAlias[] = [
      { name: "bad", labelId: 2, kind: "merge" },
      { name: "poor", labelId: 2, kind: "rename" },
    ];
    const names = labelNames([label(1, "bad", true), label(2, "weak")], aliases);
    expect(["bad", "poor", "weak"].map(names.read)).toEqual(["weak", "weak", "weak"]);
  });

  it("follows merges of merges: a into b, b into c reads a as c", () => {
    const aliases: LabelAlias[] = [
      { name: "a", labelId: 2, kind: "merge" },
      { name: "b", labelId: 3, kind: "merge" },
    ];
    const names = labelNames([label(1, "a", true), label(2, "b", true), label(3, "c")], aliases);
    expect(names.read("a")).toBe("c");
  });

  it("stops at a cycle instead of looping (only hand-written data can hold one)", () => {
    const aliases: LabelAlias[] = [
      { name: "a", labelId: 2, kind: "merge" },
      { name: "b", labelId: 1, kind: "merge" },
    ];
    const names = labelNames([label(1, "a"), label(2, "b")], aliases);
    expect(names.read("a")).toBe("b");
    expect(names.read("b")).toBe("a");
  });

  it("marks retired labels", () => {
    const names = labelNames([label(1, "old", true), label(2, "new")], []);
    expect(names.isRetired("old")).toBe(true);
    expect(names.isRetired("new")).toBe(false);
  });
});

describe("refusals", () => {
  const labels = [label(1, "spam"), label(2, "ham"), label(3, "eggs", true)];

  it("refuses merges into itself, into a retired label, of an already merged label, and cycles", () => {
    expect(mergeRefusal(labels, [], 1, 1)).toMatch(/into itself/);
    expect(mergeRefusal(labels, [], 1, 3)).toMatch(/retired/);
    const merged: LabelAlias[] = [{ name: "spam", labelId: 2, kind: "merge" }];
    expect(mergeRefusal([label(1, "spam", true), label(2, "ham")], merged, 1, 2)).toMatch(/already merged/);
    // ham (2) already merged into spam (1) while spam is not retired (hand-written): spam into ham closes a cycle.
    expect(mergeRefusal([label(1, "spam"), label(2, "ham")], [{ name: "ham", labelId: 1, kind: "merge" }], 1, 2)).toMatch(/read as each other/);
    expect(mergeRefusal(labels, [], 1, 2)).toBeNull();
  });

  it("refuses a rename to another label's name (any case) or to an alias of another label", () => {
    expect(renameRefusal(labels, [], 1, "HAM")).toMatch(/already called "ham"/);
    const aliases: LabelAlias[] = [{ name: "junk", labelId: 2, kind: "rename" }];
    expect(renameRefusal(labels, aliases, 1, "junk")).toMatch(/now reads as "ham"/);
    // Its own old name is free to take back.
    expect(renameRefusal(labels, [{ name: "junk", labelId: 1, kind: "rename" }], 1, "junk")).toBeNull();
    expect(nameTakenRefusal(labels, aliases, "junk", null)).toMatch(/old name/);
  });

  it("refuses renaming a label while it is merged", () => {
    const merged: LabelAlias[] = [{ name: "spam", labelId: 2, kind: "merge" }];
    expect(renameRefusal([label(1, "spam", true), label(2, "ham")], merged, 1, "junk")).toMatch(/revert the merge/);
  });
});

describe("labelNamesAsOf", () => {
  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  it("names each label as it was then", () => {
    // Label 1: "spam" at 0, renamed "junk" at 10, "promo" at 20. Label 2 "ham", never renamed.
    const labels = [
      { id: 1, name: "promo" },
      { id: 2, name: "ham" },
    ];
    const renames = [
      { name: "junk", labelId: 1, createdAt: t(20) },
      { name: "spam", labelId: 1, createdAt: t(10) },
    ];
    expect(labelNamesAsOf(labels, renames, t(5))).toEqual(["spam", "ham"]);
    expect(labelNamesAsOf(labels, renames, t(12))).toEqual(["junk", "ham"]);
    expect(labelNamesAsOf(labels, renames, t(25))).toEqual(["promo", "ham"]);
  });
});
