// A small inline line chart of one series, with its values in words for screen readers (the
// aria-label) and on hover (the title). Null values (no data in that period) break the line.

const WIDTH = 120;
const HEIGHT = 24;
const PAD = 2;

/** The polyline segments of a series scaled into the box: runs of non-null values. */
export function sparklineSegments(values: readonly (number | null)[], max: number): string[] {
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  const y = (v: number) => HEIGHT - PAD - (max > 0 ? (v / max) * (HEIGHT - 2 * PAD) : 0);
  const segments: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) segments.push(run.join(" "));
      run = [];
      return;
    }
    run.push(`${(PAD + i * step).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length > 0) segments.push(run.join(" "));
  return segments;
}

export function Sparkline({
  values,
  max,
  description,
  testId,
}: {
  values: readonly (number | null)[];
  /** The top of the scale: 1 for shares, the largest count for counts. */
  max: number;
  /** The series in words, e.g. "Labels per week: 3 (week of 2026-11-02), …". */
  description: string;
  testId?: string;
}) {
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description} data-testid={testId}>
      <title>{description}</title>
      {sparklineSegments(values, max).map((points, i) =>
        points.includes(" ") ? (
          <polyline key={i} points={points} fill="none" stroke="currentColor" strokeWidth={1.5} />
        ) : (
          <circle key={i} cx={points.split(",")[0]} cy={points.split(",")[1]} r={1.5} fill="currentColor" />
        ),
      )}
    </svg>
  );
}
