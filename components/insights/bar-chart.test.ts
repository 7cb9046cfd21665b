import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";

// The chart's plot runs from x = 150 to 460 (310 px). With alpha values down to -0.2 the axis is
// [-0.2, 1], 258.33 px per unit, so the zero line sits at 150 + 0.2 × 258.33 = 201.67.
const html = renderToStaticMarkup(
  createElement(BarChart, {
    floor: -0.2,
    bars: [
      { label: "negative", value: -0.2 },
      { label: "zero", value: 0 },
      { label: "half", value: 0.5 },
      { label: "missing", value: null },
    ],
  }),
);
const rows = html.split('data-testid="bar-row"').slice(1);
const rect = (row: string) => row.match(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/);

describe("the agreement bar chart", () => {
  it("draws the zero line at 201.67", () => {
    const zero = html.match(/<line x1="([\d.]+)" x2="([\d.]+)"[^>]*data-testid="zero-line"/)!;
    expect(Number(zero[1])).toBeCloseTo(201.667, 2);
  });

  it("extends a negative alpha left of the zero line: -0.2 spans 150 to 201.67", () => {
    const [, x, width] = rect(rows[0]!)!;
    expect(Number(x)).toBeCloseTo(150, 6);
    expect(Number(width)).toBeCloseTo(51.667, 2);
    expect(rows[0]).toContain("chart-bar negative");
  });

  it("draws no bar for alpha = 0, but writes its value", () => {
    expect(rect(rows[1]!)).toBeNull();
    expect(rows[1]).toContain(">0.00<");
  });

  it("extends 0.5 right of the zero line by 129.17", () => {
    const [, x, width] = rect(rows[2]!)!;
    expect(Number(x)).toBeCloseTo(201.667, 2);
    expect(Number(width)).toBeCloseTo(129.167, 2);
  });

  it("writes out a missing value instead of drawing it", () => {
    expect(rect(rows[3]!)).toBeNull();
    expect(rows[3]).toContain(">not enough data<");
    expect(html).not.toContain("undefined");
  });

  it("labels the value axis", () => {
    for (const tick of ["-0.20", "0.00", "0.20", "0.40", "0.60", "0.80", "1.00"]) expect(html).toContain(`>${tick}</text>`);
  });
});
