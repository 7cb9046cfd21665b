import type { RunView } from "@/lib/llm/llm-views";

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Items finished (answered or given up on) of those the run set out to ask about, with its ETA. */
export function RunProgressBar({ run }: { run: RunView }) {
  const { done, failed, total, inFlight, etaSeconds } = run.progress;
  const finished = done + failed;
  return (
    <div className="run-progress" data-testid="llm-run-progress">
      <progress max={Math.max(total, 1)} value={finished} aria-label={`Run ${run.id} progress`} />
      <span>
        {done} done of {total}
        {run.status === "running" && inFlight > 0 && ` · ${inFlight} in flight`}
        {run.status === "running" && etaSeconds !== null && ` · about ${duration(etaSeconds)} left`}
      </span>
    </div>
  );
}
