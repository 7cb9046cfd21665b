import { describe, expect, it } from "vitest";
import { trendGeometry } from "./trend-geometry";

const frame = { left: 40, right: 440, top: 10, bottom: 210 };

describe("the agreement trend", () => {
  // alpha 0.5 on Jan 1, undefined on Jan 3, -0.1 on Jan 5: the value axis is [-0.1, 1], 200 px tall.
  const g = trendGeometry(
    [
      { at: "2026-01-01T00:00:00.000Z", value: 0.5 },
      { at: "2026-01-03T00:00:00.000Z", value: null },
      { at: "2026-01-05T00:00:00.000Z", value: -0.1 },
    ],
    frame,
  );

  it("places the zero line and the points on the value axis", () => {
    expect(g.y.domain).toEqual([-0.1, 1]);
    expect(g.y.at(0)).toBeCloseTo(210 - (0.1 / 1.1) * 200, 9); // 191.82
    expect(g.y.at(0.5)).toBeCloseTo(210 - (0.6 / 1.1) * 200, 9); // 100.91
    expect(g.y.at(-0.1)).toBeCloseTo(210, 9);
    expect(g.valueTicks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("places snapshots by their time and dates the axis", () => {
    expect(g.xs).toEqual([40, 240, 440]);
    expect(g.timeTicks).toEqual([
      { x: 40, label: "2026-01-01" },
      { x: 240, label: "2026-01-03" },
      { x: 440, label: "2026-01-05" },
    ]);
  });

  it("breaks the line at an undefined snapshot", () => {
    expect(g.segments).toEqual(["40.0,100.9", "440.0,210.0"]);
  });

  it("centres a single snapshot and dates it to the minute", () => {
    const one = trendGeometry([{ at: "2026-12-06T14:05:09.000Z", value: 0.7 }], frame);
    expect(one.xs).toEqual([240]);
    expect(one.timeTicks).toEqual([{ x: 240, label: "2026-12-06 14:05" }]);
  });

  it("dates snapshots within two days to the minute, at most four ticks", () => {
    const hours = [0, 1, 2, 3, 4, 5, 6].map((h) => ({ at: `2026-12-06T0${h}:00:00.000Z`, value: 0.6 }));
    const day = trendGeometry(hours, frame);
    expect(day.timeTicks.map((t) => t.label)).toEqual(["2026-12-06 00:00", "2026-12-06 02:00", "2026-12-06 04:00", "2026-12-06 06:00"]);
  });
});
