import { describe, expect, it } from "vitest";
import { resolveSpans } from "./resolve-spans";

const loc = (start: number, end: number) => ({ start, end, label: "location" });
const per = (start: number, end: number) => ({ start, end, label: "person" });

describe("resolveSpans", () => {
  it("resolves when every span has a strict majority", () => {
    expect(resolveSpans([[loc(0, 5), per(8, 12)], [per(8, 12), loc(0, 5)], [loc(0, 5), per(8, 12)]])).toEqual({
      status: "resolved",
      spans: [loc(0, 5), per(8, 12)],
      annotators: 3,
    });
  });

  it("sends the item to review when any span lacks the majority, keeping the accepted ones", () => {
    // 0–5 location: 3 of 3; 8–12 person: 1 of 3; 8–13 person: 2 of 3 (a strict majority).
    const result = resolveSpans([[loc(0, 5), per(8, 12)], [loc(0, 5), per(8, 13)], [loc(0, 5), per(8, 13)]]);
    expect(result).toEqual({
      status: "review",
      reason: "no-majority",
      accepted: [loc(0, 5), per(8, 13)],
      disputed: [{ span: per(8, 12), votes: 1 }],
      annotators: 3,
    });
  });

  it("counts annotators who marked nothing as votes for no span", () => {
    expect(resolveSpans([[], [], []])).toEqual({ status: "resolved", spans: [], annotators: 3 });
    expect(resolveSpans([[loc(1, 2)], [], []])).toMatchObject({ status: "review", accepted: [], disputed: [{ span: loc(1, 2), votes: 1 }] });
  });

  it("takes the majority share as configured: 2 of 2 needed at one half, 1 of 2 enough at one third", () => {
    expect(resolveSpans([[loc(0, 5)], [loc(0, 4)]])).toMatchObject({ status: "review", reason: "no-majority" });
    const third = resolveSpans([[loc(0, 5)], [loc(6, 9)]], { majorityShare: 1 / 3 });
    expect(third).toEqual({ status: "resolved", spans: [loc(0, 5), loc(6, 9)], annotators: 2 });
    // At one third, two overlapping spans can both win; a reviewer decides between them.
    expect(resolveSpans([[loc(0, 5)], [loc(0, 4)]], { majorityShare: 1 / 3 })).toMatchObject({ status: "review", reason: "accepted-spans-overlap" });
  });

  it("needs the minimum number of annotations", () => {
    expect(resolveSpans([[loc(0, 5)]])).toMatchObject({ status: "review", reason: "too-few-annotations", accepted: [loc(0, 5)] });
    expect(resolveSpans([[loc(0, 5)]], { minAnnotators: 1 })).toMatchObject({ status: "resolved", spans: [loc(0, 5)] });
  });

  it("does not let an annotator vote twice for the same span", () => {
    expect(resolveSpans([[loc(0, 5), loc(0, 5)], [], []])).toMatchObject({ status: "review", disputed: [{ votes: 1 }] });
  });
});
