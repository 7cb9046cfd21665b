import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";

// The labels need 8 × 7.5 + 12 = 72 px, less than the 80 px minimum, and a negative axis leaves 40 px
// for the values written left of negative bars, so the plot runs from x = 120 to 430 (310 px). With
// alpha down to -0.2 the axis is [-0.2, 1], 258.33 px per unit: the zero line is at 120 + 51.67 = 171.67.
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
  it("draws the zero line at 171.67", () => {
    const zero = html.match(/<line x1="([\d.]+)" x2="([\d.]+)"[^>]*data-testid="zero-line"/)!;
    expect(Number(zero[1])).toBeCloseTo(171.667, 2);
  });

  it("extends a negative alpha left of the zero line: -0.2 spans 120 to 171.67", () => {
    const [, x, width] = rect(rows[0]!)!;
    expect(Number(x)).toBeCloseTo(120, 6);
    expect(Number(width)).toBeCloseTo(51.667, 2);
    expect(rows[0]).toContain("chart-bar negative");
  });

  it("draws no bar for alpha = 0, but writes its value", () => {
    expect(rect(rows[1]!)).toBeNull();
    expect(rows[1]).toContain(">0.00<");
  });

  it("extends 0.5 right of the zero line by 129.17", () => {
    const [, x, width] = rect(rows[2]!)!;
    expect(Number(x)).toBeCloseTo(171.667, 2);
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

describe("bar labels", () => {
  it("get the room the longest needs, and a very long one is cut with its full text kept", () => {
    const long = "a label name far longer than the chart allows";
    const markup = renderToStaticMarkup(createElement(BarChart, { bars: [{ label: long, value: 0.5 }] }));
    // 24 characters × 7.5 + 12 = 192 px of labels before the plot.
    expect(markup).toMatch(/<line x1="192" x2="192"[^>]*data-testid="zero-line"/);
    expect(markup).toContain(`<title>${long}</title>a label name far longer…`);
  });
});
