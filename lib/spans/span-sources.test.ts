import { describe, expect, it } from "vitest";
import { decidedSpanSources } from "./span-sources";

// "Ana met Bo in Lima": Ana 0–3, Bo 8–10, Lima 14–18.
const ana = { start: 0, end: 3, label: "person" };
const bo = { start: 8, end: 10, label: "person" };
const lima = { start: 14, end: 18, label: "place" };

describe("decidedSpanSources", () => {
  it("names, per decided span, every annotator who marked exactly that span, and nobody for a new one", () => {
    const sources = decidedSpanSources(
      [lima, ana, { start: 8, end: 10, label: "place" }, { start: 4, end: 7, label: "person" }],
      [
        { annotatorId: "u2", spans: [ana, bo] },
        { annotatorId: "u1", spans: [ana, lima, { start: 13, end: 18, label: "place" }] },
        { annotatorId: "u3", spans: [] },
      ],
    );
    expect(sources).toEqual([
      { ...ana, from: ["u1", "u2"] },
      // Same boundaries as u2's Bo, another type: not u2's span.
      { start: 4, end: 7, label: "person", from: [] },
      { start: 8, end: 10, label: "place", from: [] },
      // u1's " Lima" (13–18) is a different boundary; only the exact 14–18 counts.
      { ...lima, from: ["u1"] },
    ]);
  });

  it("lists an annotator once even when their annotation repeats a span", () => {
    expect(decidedSpanSources([ana], [{ annotatorId: "u1", spans: [ana, ana] }])).toEqual([{ ...ana, from: ["u1"] }]);
  });
});
