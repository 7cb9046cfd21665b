// Agreement over time: snapshots placed by their time (not their index), a labelled value axis
// with its zero line, and a handful of dated ticks along the time axis.
import { linearScale, ticks, valueDomain, type LinearScale } from "./linear-scale";

export type TrendPoint = { at: string; value: number | null };

export type TrendFrame = { left: number; right: number; top: number; bottom: number };

export type TrendGeometry = {
  readonly y: LinearScale;
  readonly valueTicks: number[];
  /** x of each point, in the order given. */
  readonly xs: number[];
  readonly timeTicks: { x: number; label: string }[];
  /** Runs of consecutive defined points, as polyline coordinates; an undefined snapshot breaks the line. */
  readonly segments: string[];
};

const DAY = 86_400_000;

/** UTC, so the server and every browser print the same date: "2026-12-06", or "2026-12-06 14:05" within two days. */
export function timeLabel(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs < 2 * DAY ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

export function trendGeometry(points: readonly TrendPoint[], frame: TrendFrame, maxTimeTicks = 4): TrendGeometry {
  const domain = valueDomain(points.map((p) => p.value), 0);
  const y = linearScale(domain, [frame.bottom, frame.top]);
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = last - first;
  const middle = (frame.left + frame.right) / 2;
  const x = span > 0 ? linearScale([first, last], [frame.left, frame.right]).at : () => middle;
  const xs = times.map(x);
  const tickCount = span > 0 ? Math.max(2, Math.min(maxTimeTicks, points.length)) : 1;
  const tickTimes = tickCount === 1 ? [first] : Array.from({ length: tickCount }, (_, k) => first + (k * span) / (tickCount - 1));
  const segments: string[] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) segments.push(run.join(" "));
      run = [];
    } else run.push(`${xs[i]!.toFixed(1)},${y.at(p.value).toFixed(1)}`);
  });
  if (run.length) segments.push(run.join(" "));
  return {
    y,
    valueTicks: ticks(domain, 0.2),
    xs,
    timeTicks: tickTimes.map((t) => ({ x: x(t), label: timeLabel(t, span) })),
    segments,
  };
}
