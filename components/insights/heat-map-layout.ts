// The pairwise matrix's frame: margins wide enough for the longest name (row labels on the left,
// column labels turned 45° above), so no label is clipped, and the colour of a kappa value.
import { longestLabelWidth, shortLabel } from "./chart-labels";

const GAP = 8;

export type HeatMapLayout = {
  readonly cell: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  /** Height of the matrix and its frame; the legend goes below. */
  readonly height: number;
  readonly labels: string[];
};

export function heatMapLayout(annotators: readonly string[], cell = 40): HeatMapLayout {
  const labels = annotators.map(shortLabel);
  const longest = longestLabelWidth(labels);
  const diagonal = longest * Math.SQRT1_2;
  const left = Math.ceil(longest + GAP);
  const top = Math.ceil(diagonal + GAP);
  const matrix = annotators.length * cell;
  // The last column's label leans right past the matrix by its diagonal run.
  const width = Math.ceil(left + Math.max(matrix, matrix - cell / 2 + diagonal) + GAP);
  return { cell, left, top, width, height: top + matrix + GAP, labels };
}

/** Red at or below zero, through amber, to green at 1; grey for an undefined kappa. */
export function kappaColour(value: number | null): string {
  if (value === null) return "#e2e8f0";
  const t = Math.max(0, Math.min(1, value));
  const r = Math.round(220 - 180 * t);
  const g = Math.round(60 + 140 * t);
  return `rgb(${r},${g},90)`;
}
