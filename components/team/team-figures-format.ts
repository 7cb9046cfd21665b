// How the Team view writes its figures: a share with its Wilson interval and count, a duration.
import type { Proportion } from "@/lib/llm/suggestion-insights";

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** "67% (21–94%, 2/3)", or "–" with nothing to count. */
export function shareWithInterval(p: Proportion): string {
  if (p.rate === null || p.ci95 === null) return "–";
  return `${percent(p.rate)} (${Math.round(p.ci95.low * 100)}–${percent(p.ci95.high)}, ${p.successes}/${p.n})`;
}

/** Seconds with one decimal under a minute, then minutes and seconds. */
export function duration(ms: number | null): string {
  if (ms === null) return "–";
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
