"use client";
// One line about a job the lead started: how far it has got while it runs, a failed attempt that
// will be retried, or the error it ended with.
import type { JobView } from "@/lib/jobs/job-view";

export function JobStatus({ job, what, testId }: { job: JobView | undefined; what: string; testId?: string }) {
  if (!job) return null;
  const progress = job.progress;
  const share = progress && progress.total > 0 ? ` ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : "";
  return (
    // A span: it sits inside paragraphs (the insights page's headline) as well as forms.
    <span className="small" data-testid={testId} data-state={job.state}>
      {job.state === "queued" && !job.error && <span className="muted">{what}: waiting to start…</span>}
      {job.state === "queued" && job.error && (
        <span className="muted">
          {what}: attempt {job.attempts} failed ({job.error}); retrying.
        </span>
      )}
      {job.state === "running" && (
        <span className="muted">
          {what}: {progress?.message ?? "running"}
          {share}…
        </span>
      )}
      {job.state === "failed" && <span className="error">{what} failed: {job.error}</span>}
    </span>
  );
}
