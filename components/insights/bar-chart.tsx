// Horizontal bars for values in [min, 1]; a missing value is drawn as a labelled gap with its
// reason, never as zero.
export type Bar = { label: string; value: number | null; note?: string };

export function BarChart({ bars, min = 0, format = (v: number) => v.toFixed(2), testId }: { bars: Bar[]; min?: number; format?: (v: number) => string; testId?: string }) {
  const rowHeight = 26;
  const width = 520;
  const labelWidth = 140;
  const plot = width - labelWidth - 60;
  const x = (v: number) => labelWidth + ((Math.max(min, v) - min) / (1 - min)) * plot;
  return (
    <svg role="img" width={width} height={bars.length * rowHeight + 10} data-testid={testId} className="chart">
      {bars.map((b, i) => {
        const y = i * rowHeight + 5;
        return (
          <g key={b.label}>
            <text x={labelWidth - 8} y={y + 16} textAnchor="end" className="chart-label">
              {b.label}
            </text>
            {b.value === null ? (
              <text x={labelWidth} y={y + 16} className="chart-note">
                undefined{b.note ? `: ${b.note}` : ""}
              </text>
            ) : (
              <>
                <rect x={labelWidth} y={y + 3} width={Math.max(1, x(b.value) - labelWidth)} height={rowHeight - 8} className="chart-bar" />
                <text x={x(b.value) + 6} y={y + 16} className="chart-value">
                  {format(b.value)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
