"use client";
// "Refit now": queues a Dawid–Skene refit job and shows it as running until it ends, then reloads
// the page's server-rendered overview (or says why nothing was fitted, or why it failed).
import { useCallback } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { apiCall, ApiError } from "@/components/ui/api-client";
import type { JobView } from "@/lib/jobs/job-view";

type RefitResult = { status: "fitted" | "skipped"; reason?: string };

export function RefitDawidSkeneButton({ slug }: { slug: string }) {
  const router = useRouter();
  const refit = useMutation({
    mutationFn: () => apiCall<{ job: JobView }>(`/api/projects/${slug}/dawid-skene`, { body: {} }),
  });
  const onEnd = useCallback(() => router.refresh(), [router]);
  const job = useProjectJob(slug, refit.data?.job, onEnd);
  const outcome = job?.state === "succeeded" ? (job.result as RefitResult | null) : null;
  const busy = refit.isPending || isJobLive(job);
  return (
    <>
      <button type="button" onClick={() => refit.mutate()} disabled={busy} data-testid="refit-dawid-skene">
        {busy ? "Fitting…" : "Refit now"}
      </button>
      {outcome?.status === "skipped" && <span className="muted"> Not fitted: {outcome.reason}.</span>}
      {job?.state === "failed" && <span className="error"> Failed: {job.error}</span>}
      {refit.error && <span className="error">{refit.error instanceof ApiError ? refit.error.message : "Failed."}</span>}
    </>
  );
}
