// Horizontal bars from a visible zero line: a negative value extends left of it, zero draws no
// bar, and a missing value is written out ("not enough data", or the given note), never drawn as
// zero. The value axis is labelled below the bars.
import { barExtent, barScale } from "./bar-geometry";
import { longestLabelWidth, shortLabel } from "./chart-labels";
import { ticks, valueDomain } from "./linear-scale";

export type Bar = { label: string; value: number | null; note?: string };

const ROW = 26;
const PLOT_WIDTH = 310;
/** Room right of the plot for the value written after a bar of 1, and left of it for a bar of -1. */
const VALUE_ROOM = 60;
const NEGATIVE_VALUE_ROOM = 40;
const AXIS = 22;

export function BarChart({
  bars,
  floor = 0,
  format = (v: number) => v.toFixed(2),
  tickFormat = format,
  testId,
}: {
  bars: Bar[];
  /** Low end of the value axis unless a value lies below it: 0 for rates, below zero for agreement. */
  floor?: number;
  format?: (v: number) => string;
  /** How the value axis is labelled, when a tick is not a value of the same kind (a share of a count). */
  tickFormat?: (v: number) => string;
  testId?: string;
}) {
  const labels = bars.map((b) => shortLabel(b.label));
  const labelWidth = Math.max(80, Math.ceil(longestLabelWidth(labels) + 12));
  const domain = valueDomain(bars.map((b) => b.value), floor);
  const plotLeft = labelWidth + (domain[0] < 0 ? NEGATIVE_VALUE_ROOM : 0);
  const scale = barScale(domain, plotLeft, PLOT_WIDTH);
  const zero = scale.at(0);
  const plotHeight = bars.length * ROW + 6;
  return (
    <svg role="img" aria-label={bars.map((b) => `${b.label}: ${b.value === null ? (b.note ?? "not enough data") : format(b.value)}`).join("; ")} width={plotLeft + PLOT_WIDTH + VALUE_ROOM} height={plotHeight + AXIS} data-testid={testId} className="chart">
      {bars.map((b, i) => {
        const y = i * ROW + 5;
        const extent = barExtent(b.value, scale);
        const negative = b.value !== null && b.value < 0;
        return (
          <g key={b.label} data-testid="bar-row">
            <text x={labelWidth - 8} y={y + 16} textAnchor="end" className="chart-label">
              {labels[i] !== b.label && <title>{b.label}</title>}
              {labels[i]}
            </text>
            {b.value === null ? (
              <text x={zero + 6} y={y + 16} className="chart-note">
                {b.note ?? "not enough data"}
              </text>
            ) : (
              <>
                {extent && <rect x={extent.x} y={y + 3} width={extent.width} height={ROW - 8} className={negative ? "chart-bar negative" : "chart-bar"} />}
                <text x={negative ? scale.at(b.value) - 6 : scale.at(b.value) + 6} y={y + 16} textAnchor={negative ? "end" : "start"} className="chart-value">
                  {format(b.value)}
                </text>
              </>
            )}
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={0} y2={plotHeight} className="chart-zero" data-testid="zero-line" />
      <line x1={plotLeft} x2={plotLeft + PLOT_WIDTH} y1={plotHeight} y2={plotHeight} className="chart-axis" />
      {ticks(domain, domain[0] < 0 ? 0.2 : 0.25).map((t) => (
        <text key={t} x={scale.at(t)} y={plotHeight + 15} textAnchor="middle" className="chart-note">
          {tickFormat(t)}
        </text>
      ))}
    </svg>
  );
}
