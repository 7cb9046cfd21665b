import { describe, expect, it } from "vitest";
import { decidedSpansText, resolvedSpansText } from "./decided-spans-text";

describe("decidedSpansText", () => {
  it("names who each span came from, and says when the reviewer added it", () => {
    expect(
      decidedSpansText([
        { start: 0, end: 3, label: "person", text: "Ana", from: ["Ann One", "Ann Two"] },
        { start: 16, end: 20, label: "place", text: "Lima", from: [] },
      ]),
    ).toBe("person “Ana” 0–3 from Ann One, Ann Two; place “Lima” 16–20 added by the reviewer");
    expect(decidedSpansText([])).toBe("no spans");
  });

  it("lists a resolution's spans", () => {
    expect(resolvedSpansText([{ start: 0, end: 3, label: "person" }, { start: 16, end: 20, label: "place" }])).toBe("person 0–3, place 16–20");
  });
});
