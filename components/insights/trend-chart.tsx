// Krippendorff's alpha over time, one point per snapshot, on a dated time axis and a labelled value
// axis with its zero line and the 0.8 guide. Undefined snapshots break the line.
import { trendGeometry, type TrendPoint } from "./trend-geometry";

const WIDTH = 540;
const HEIGHT = 200;
const FRAME = { left: 44, right: WIDTH - 50, top: 12, bottom: HEIGHT - 34 };

export function TrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return <p className="muted">No snapshots yet.</p>;
  const g = trendGeometry(points, FRAME);
  return (
    <svg role="img" aria-label={`Krippendorff's alpha at ${points.length} snapshot${points.length === 1 ? "" : "s"}`} width={WIDTH} height={HEIGHT} className="chart" data-testid="agreement-trend">
      {g.valueTicks.map((t) => (
        <g key={t}>
          <line x1={FRAME.left - 4} x2={FRAME.left} y1={g.y.at(t)} y2={g.y.at(t)} className="chart-axis" />
          <text x={FRAME.left - 7} y={g.y.at(t) + 4} textAnchor="end" className="chart-note">
            {t.toFixed(1)}
          </text>
        </g>
      ))}
      <line x1={FRAME.left} x2={FRAME.left} y1={FRAME.top} y2={FRAME.bottom} className="chart-axis" />
      <line x1={FRAME.left} x2={FRAME.right} y1={FRAME.bottom} y2={FRAME.bottom} className="chart-axis" />
      <line x1={FRAME.left} x2={FRAME.right} y1={g.y.at(0)} y2={g.y.at(0)} className="chart-zero" data-testid="zero-line" />
      <line x1={FRAME.left} x2={FRAME.right} y1={g.y.at(0.8)} y2={g.y.at(0.8)} className="chart-guide" />
      <text x={FRAME.right + 4} y={g.y.at(0.8) + 4} className="chart-note">
        0.8
      </text>
      {g.timeTicks.map((t) => (
        <g key={t.x}>
          <line x1={t.x} x2={t.x} y1={FRAME.bottom} y2={FRAME.bottom + 4} className="chart-axis" />
          <text x={t.x} y={FRAME.bottom + 17} textAnchor="middle" className="chart-note" data-testid="trend-date">
            {t.label}
          </text>
        </g>
      ))}
      <text x={(FRAME.left + FRAME.right) / 2} y={HEIGHT - 2} textAnchor="middle" className="chart-note">
        snapshot time (UTC)
      </text>
      {g.segments.map((s, i) => (
        <polyline key={i} points={s} className="chart-line" />
      ))}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle key={i} cx={g.xs[i]} cy={g.y.at(p.value)} r={3} className="chart-dot">
            <title>{`${p.at}: ${p.value.toFixed(3)}`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
