"use client";
// The lead's "retrain now": queues a retrain job and shows it as running until it ends (the model
// overview then reloads with the new version), or says why it failed.
import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { ApiError } from "@/components/ui/api-client";
import { useRetrain } from "./use-model-api";

export function RetrainButton({ slug, retraining }: { slug: string; retraining: boolean }) {
  const client = useQueryClient();
  const retrain = useRetrain(slug);
  const onEnd = useCallback(() => void client.invalidateQueries({ queryKey: ["model", slug] }), [client, slug]);
  const job = useProjectJob(slug, retrain.data?.job, onEnd);
  const busy = retrain.isPending || isJobLive(job) || retraining;
  return (
    <p>
      <button type="button" onClick={() => retrain.mutate()} disabled={busy} data-testid="retrain-now">
        {busy ? "Retraining…" : "Retrain and re-rank now"}
      </button>
      {job?.state === "queued" && job.error && <span className="muted small"> Attempt {job.attempts} failed ({job.error}); retrying.</span>}
      {job?.state === "failed" && <span className="error small"> Retrain failed: {job.error}</span>}
      {retrain.error && <span className="error small"> {retrain.error instanceof ApiError ? retrain.error.message : "The retrain could not be started."}</span>}
    </p>
  );
}
