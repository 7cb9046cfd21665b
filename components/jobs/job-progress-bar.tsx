"use client";
// A job's progress as a bar, for work whose size is known (a bulk action's items): a progress
// element screen readers announce with its label, indeterminate until the job reports a total.
import type { JobView } from "@/lib/jobs/job-view";

export function JobProgressBar({ job, label }: { job: JobView; label: string }) {
  const progress = job.progress;
  const known = progress !== null && progress.total > 0;
  const finished = job.state === "succeeded";
  return (
    <progress
      className="job-progress"
      aria-label={label}
      data-testid="job-progress"
      max={known ? progress.total : 1}
      value={finished ? (known ? progress.total : 1) : known ? progress.done : undefined}
    />
  );
}
