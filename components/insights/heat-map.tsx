// The pairwise annotator matrix: Cohen's kappa per pair, written in each cell and coloured from
// red (≤ 0) to green (1), with a legend; names are never clipped (see heat-map-layout.ts).
import { heatMapLayout, kappaColour } from "./heat-map-layout";

export type PairCell = { a: string; b: string; value: number | null; shared: number };

const LEGEND_STEPS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const LEGEND_HEIGHT = 44;

export function HeatMap({ annotators, cells }: { annotators: string[]; cells: PairCell[] }) {
  const { cell, left, top, width, height, labels } = heatMapLayout(annotators);
  const find = (a: string, b: string) => cells.find((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a));
  const legendWidth = 36;
  return (
    <svg role="img" aria-label="Cohen's kappa for each pair of annotators" width={Math.max(width, left + 330)} height={height + LEGEND_HEIGHT} className="chart" data-testid="pairwise-heatmap">
      {annotators.map((name, i) => (
        <g key={name}>
          <text x={left - 6} y={top + i * cell + cell / 2 + 4} textAnchor="end" className="chart-label">
            {labels[i] !== name && <title>{name}</title>}
            {labels[i]}
          </text>
          <text transform={`translate(${left + i * cell + cell / 2},${top - 6}) rotate(-45)`} className="chart-label">
            {labels[i] !== name && <title>{name}</title>}
            {labels[i]}
          </text>
        </g>
      ))}
      {annotators.map((a, i) =>
        annotators.map((b, j) => {
          if (i === j) return null;
          const pair = find(a, b);
          const text = pair ? (pair.value === null ? "n/a" : pair.value.toFixed(2)) : "–";
          return (
            <g key={`${a}-${b}`} data-testid="heatmap-cell">
              <rect x={left + j * cell} y={top + i * cell} width={cell - 2} height={cell - 2} fill={kappaColour(pair?.value ?? null)}>
                <title>
                  {pair
                    ? `${a} × ${b}: ${pair.value === null ? "not enough data" : `κ = ${pair.value.toFixed(2)}`} over ${pair.shared} shared items`
                    : `${a} × ${b}: no shared items`}
                </title>
              </rect>
              <text x={left + j * cell + (cell - 2) / 2} y={top + i * cell + cell / 2 + 3} textAnchor="middle" className="chart-cell-value" aria-hidden="true">
                {text}
              </text>
            </g>
          );
        }),
      )}
      <g data-testid="heatmap-legend" transform={`translate(${left},${height})`}>
        <text x={0} y={10} className="chart-note">
          Cohen&apos;s κ (n/a: not enough data; –: no shared items)
        </text>
        {LEGEND_STEPS.map((v, k) => (
          <g key={v}>
            <rect x={k * legendWidth} y={16} width={legendWidth} height={12} fill={kappaColour(v)} />
            <text x={k * legendWidth} y={40} className="chart-note">
              {v === 0 ? "≤ 0" : v.toFixed(1)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
