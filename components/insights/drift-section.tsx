"use client";
// Drift per import batch: the latest computation (a background job's stored result, with its
// time), a table per batch, and a button that queues a recomputation and follows it.
import { useCallback } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { apiCall, ApiError } from "@/components/ui/api-client";
import type { DriftResult } from "@/lib/drift/server/drift-job";
import { DRIFT_THRESHOLDS } from "@/lib/drift/batch-drift";
import type { JobView } from "@/lib/jobs/job-view";
import { DriftTable } from "./drift-table";

type DriftAnswer = { drift: (DriftResult & { computedAt: string }) | null; job: JobView | null };

const t = DRIFT_THRESHOLDS;

export function DriftSection({ slug }: { slug: string }) {
  const path = `/api/projects/${encodeURIComponent(slug)}/drift`;
  const drift = useQuery({ queryKey: ["drift", slug], queryFn: () => apiCall<DriftAnswer>(path) });
  const recompute = useMutation({ mutationFn: () => apiCall<{ job: JobView }>(path, { body: {} }) });
  const onEnd = useCallback(() => void drift.refetch(), [drift]);
  const job = useProjectJob(slug, recompute.data?.job ?? drift.data?.job ?? undefined, onEnd);
  const busy = recompute.isPending || isJobLive(job);
  const result = drift.data?.drift ?? null;
  return (
    <section className="card" aria-labelledby="drift-heading" data-testid="drift-section">
      <h2 id="drift-heading">Import batches: drift from the labelled pool</h2>
      <p className="muted">
        {result
          ? `Computed ${result.computedAt} over ${result.items} items, ${result.resolvedItems} of them labelled (resolved). `
          : drift.isLoading
            ? "Loading… "
            : "Not computed yet. "}
        <button type="button" onClick={() => recompute.mutate()} disabled={busy} data-testid="recompute-drift">
          {busy ? `Computing…${job?.progress?.message ? ` (${job.progress.message})` : ""}` : "Recompute drift"}
        </button>
        {job?.state === "failed" && <span className="error"> Failed: {job.error}</span>}
        {recompute.error && <span className="error"> {recompute.error instanceof ApiError ? recompute.error.message : "Failed."}</span>}
      </p>
      {result && result.batches.length > 0 && <DriftTable batches={result.batches} />}
      {result && result.batches.length === 0 && <p>No item imports to compare.</p>}
      <p className="muted">
        Each batch is compared with the labelled pool: items resolved to a label, outside the batch. A batch is flagged as drifted when the pool has at
        least {t.minPoolItems} items and: its resolved labels (at least {t.minResolvedForLabels}) diverge by {t.labelJsBits} bits or more with a
        chi-square p below {t.pValue}; or its text lengths differ with a KS D of {t.lengthKsD} or more and p below {t.pValue}; or{" "}
        {Math.round(t.outOfVocabularyRate * 100)}% or more of its words are new to the pool; or its frequent words diverge by {t.topWordsJsBits} bits or
        more.
      </p>
    </section>
  );
}
