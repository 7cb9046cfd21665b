import { describe, expect, it } from "vitest";
import { LABEL_CHAR_WIDTH, shortLabel } from "./chart-labels";
import { heatMapLayout, kappaColour } from "./heat-map-layout";

describe("the pairwise heat map frame", () => {
  const names = ["ann", "a very long annotator name indeed!!"];
  const layout = heatMapLayout(names, 40);

  it("cuts a long name to 24 characters", () => {
    expect(shortLabel(names[1]!)).toBe("a very long annotator n…");
    expect(layout.labels).toEqual(["ann", "a very long annotator n…"]);
  });

  // Longest label 24 × 7.5 = 180 px; turned 45°, it runs 127.3 px up and right.
  it("leaves room for the longest label on the left, above and to the right", () => {
    expect(layout).toMatchObject({ left: 188, top: 136, width: 384, height: 224 });
    const longest = 24 * LABEL_CHAR_WIDTH;
    // Row labels end 6 px left of the matrix.
    expect(layout.left - 6 - longest).toBeGreaterThanOrEqual(0);
    // Column labels start 6 px above the matrix and rise by their diagonal run.
    expect(layout.top - 6 - longest * Math.SQRT1_2).toBeGreaterThanOrEqual(0);
    // The last column's label starts at its centre and leans right.
    expect(layout.left + 40 + 20 + longest * Math.SQRT1_2).toBeLessThanOrEqual(layout.width);
  });

  it("colours kappa from red at or below zero to green at one, grey when undefined", () => {
    expect(kappaColour(-0.3)).toBe("rgb(220,60,90)");
    expect(kappaColour(0.5)).toBe("rgb(130,130,90)");
    expect(kappaColour(1)).toBe("rgb(40,200,90)");
    expect(kappaColour(null)).toBe("#e2e8f0");
  });
});
