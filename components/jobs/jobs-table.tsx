"use client";
// The project's background jobs, newest first: what each is doing, how far it has got, its
// attempts and its error, polled while any is live; leads can cancel one that allows it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { DateTime } from "@/components/ui/date-time";
import { FieldErrors } from "@/components/ui/field-errors";
import type { JobView } from "@/lib/jobs/job-view";
import { isJobLive } from "./use-project-job";
import { jobTitle } from "./job-titles";

const POLL_MS = 2_000;

function progressText(job: JobView): string {
  const p = job.progress;
  if (!p) return "";
  const share = p.total > 0 ? `${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")}` : "";
  return [p.message, share].filter(Boolean).join(": ");
}

export function JobsTable({ slug, initialJobs, canCancel }: { slug: string; initialJobs: JobView[]; canCancel: boolean }) {
  const client = useQueryClient();
  const key = ["jobs", slug];
  const { data: jobs = initialJobs } = useQuery({
    queryKey: key,
    queryFn: async () => (await apiCall<{ jobs: JobView[] }>(`/api/projects/${encodeURIComponent(slug)}/jobs`)).jobs,
    initialData: initialJobs,
    refetchInterval: (q) => ((q.state.data ?? []).some(isJobLive) ? POLL_MS : false),
  });
  const cancel = useMutation({
    mutationFn: (id: number) => apiCall<{ job: JobView }>(`/api/projects/${encodeURIComponent(slug)}/jobs/${id}/cancel`, { body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const error = cancel.error instanceof ApiError ? cancel.error : null;
  if (jobs.length === 0) return <p>No background jobs yet: imports, retrains, refits, snapshots and LLM runs appear here.</p>;
  return (
    <>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      <div>
        <table className="compact" data-testid="jobs-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">What</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Attempts</th>
              <th scope="col">Queued (UTC)</th>
              <th scope="col">Finished (UTC)</th>
              <th scope="col">Error</th>
              {canCancel && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-testid={`job-${job.id}`} data-state={job.state}>
                <td>{job.id}</td>
                <td>{jobTitle(job.kind)}</td>
                <td>{job.state}</td>
                <td>{progressText(job)}</td>
                <td>
                  {job.attempts} of {job.maxAttempts}
                </td>
                <td>
                  <DateTime at={job.createdAt} seconds />
                </td>
                <td>{job.finishedAt && <DateTime at={job.finishedAt} seconds />}</td>
                <td className={job.error ? "error" : undefined}>{job.error}</td>
                {canCancel && (
                  <td>
                    {isJobLive(job) && (
                      <button type="button" onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending} aria-label={`Cancel job ${job.id}`}>
                        Cancel
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
