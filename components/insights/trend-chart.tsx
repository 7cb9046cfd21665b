// Agreement over time, one point per snapshot. Undefined snapshots break the line.
export type TrendPoint = { at: string; value: number | null };

export function TrendChart({ points }: { points: TrendPoint[] }) {
  const width = 520;
  const height = 160;
  const pad = 30;
  if (points.length === 0) return <p className="muted">No snapshots yet.</p>;
  const xs = (i: number) => pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i / (points.length - 1)) * (width - 2 * pad));
  const ys = (v: number) => height - pad - ((Math.max(-1, Math.min(1, v)) + 0) / 1) * (height - 2 * pad);
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${xs(i).toFixed(1)},${ys(p.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(" "));
  return (
    <svg role="img" width={width} height={height} className="chart" data-testid="agreement-trend">
      <line x1={pad} x2={width - pad} y1={ys(0)} y2={ys(0)} className="chart-axis" />
      <line x1={pad} x2={width - pad} y1={ys(0.8)} y2={ys(0.8)} className="chart-guide" />
      <text x={width - pad + 4} y={ys(0.8) + 4} className="chart-note">
        0.8
      </text>
      {segments.map((s, i) => (
        <polyline key={i} points={s} className="chart-line" />
      ))}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle key={i} cx={xs(i)} cy={ys(p.value)} r={3} className="chart-dot">
            <title>{`${p.at}: ${p.value.toFixed(3)}`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
