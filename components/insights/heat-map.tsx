// The pairwise annotator matrix: Cohen's kappa per pair, coloured from red (≤0) to green (1).
export type PairCell = { a: string; b: string; value: number | null; shared: number };

function colour(v: number | null): string {
  if (v === null) return "#e2e8f0";
  const t = Math.max(0, Math.min(1, v));
  const r = Math.round(220 - 180 * t);
  const g = Math.round(60 + 140 * t);
  return `rgb(${r},${g},90)`;
}

export function HeatMap({ annotators, cells }: { annotators: string[]; cells: PairCell[] }) {
  const size = 34;
  const left = 130;
  const top = 110;
  const find = (a: string, b: string) => cells.find((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a));
  return (
    <svg role="img" width={left + annotators.length * size + 10} height={top + annotators.length * size + 10} className="chart" data-testid="pairwise-heatmap">
      {annotators.map((name, i) => (
        <g key={name}>
          <text x={left - 6} y={top + i * size + size / 2 + 4} textAnchor="end" className="chart-label">
            {name}
          </text>
          <text transform={`translate(${left + i * size + size / 2 + 4},${top - 6}) rotate(-60)`} className="chart-label">
            {name}
          </text>
        </g>
      ))}
      {annotators.map((a, i) =>
        annotators.map((b, j) => {
          if (i === j) return null;
          const cell = find(a, b);
          return (
            <rect key={`${a}-${b}`} x={left + j * size} y={top + i * size} width={size - 2} height={size - 2} fill={colour(cell?.value ?? null)}>
              <title>{cell ? `${a} × ${b}: ${cell.value === null ? "undefined" : cell.value.toFixed(2)} over ${cell.shared} items` : `${a} × ${b}: no shared items`}</title>
            </rect>
          );
        }),
      )}
    </svg>
  );
}
