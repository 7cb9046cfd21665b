"use client";
// "Compute agreement now": queues an agreement-snapshot job, shows it until it ends, then reloads
// the page with the new snapshot.
import { useCallback } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { JobStatus } from "@/components/jobs/job-status";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { apiCall, ApiError } from "@/components/ui/api-client";
import type { JobView } from "@/lib/jobs/job-view";

export function ComputeSnapshotButton({ slug }: { slug: string }) {
  const router = useRouter();
  const compute = useMutation({
    mutationFn: () => apiCall<{ job: JobView }>(`/api/projects/${slug}/agreement`, { body: {} }),
  });
  const onEnd = useCallback(() => router.refresh(), [router]);
  const job = useProjectJob(slug, compute.data?.job, onEnd);
  const busy = compute.isPending || isJobLive(job);
  return (
    <>
      <button type="button" onClick={() => compute.mutate()} disabled={busy} data-testid="compute-agreement">
        {busy ? "Computing…" : "Compute agreement now"}
      </button>
      {job?.state !== "succeeded" && <JobStatus job={job} what="Agreement" testId="agreement-job" />}
      {compute.error && <span className="error">{compute.error instanceof ApiError ? compute.error.message : "Failed."}</span>}
    </>
  );
}
