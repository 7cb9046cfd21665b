"use client";
// A job the lead started (a retrain, a Dawid–Skene refit), polled until it ends: the route that
// started it answered at once with the job, and the work runs in the background (lib/jobs).
import { useEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { apiCall } from "@/components/ui/api-client";
import type { JobView } from "@/lib/jobs/job-view";

const POLL_MS = 1_000;

export function isJobLive(job: JobView | undefined): boolean {
  return job !== undefined && (job.state === "queued" || job.state === "running");
}

/** The job's latest state (the one the start answered with until the first poll); `onEnd` once it ends. */
export function useProjectJob(slug: string, started: JobView | undefined, onEnd?: (job: JobView) => void) {
  const query = useQuery({
    queryKey: ["job", slug, started?.id],
    queryFn: async () => (await apiCall<{ job: JobView }>(`/api/projects/${encodeURIComponent(slug)}/jobs/${started!.id}`)).job,
    enabled: started !== undefined,
    refetchInterval: (q) => (q.state.data === undefined || isJobLive(q.state.data) ? POLL_MS : false),
  });
  const job = query.data ?? started;
  const ended = useRef<number | null>(null);
  useEffect(() => {
    if (job && !isJobLive(job) && ended.current !== job.id) {
      ended.current = job.id;
      onEnd?.(job);
    }
  }, [job, onEnd]);
  return job;
}
