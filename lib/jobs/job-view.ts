// A job as the lead sees it through app/api (its state, progress, result or error), dates as ISO strings.
import type { JobState, JobSummary } from "@/db/queries/jobs";
import type { JobProgress } from "@/db/schema";

export interface JobView {
  readonly id: number;
  readonly kind: string;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly progress: JobProgress | null;
  readonly result: unknown;
  /** The last attempt's error: kept while a retry waits, and when the job failed for good. */
  readonly error: string | null;
  readonly createdAt: string;
  /** When a queued job may next start (a retry waits out its back-off). */
  readonly runAfter: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export function jobView(job: JobSummary): JobView {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    progress: job.progress,
    result: job.result,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    runAfter: job.runAfter.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
