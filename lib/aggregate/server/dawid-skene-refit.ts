/**
 * The project-wide Dawid–Skene job: fit the current ratings, store the model, and re-resolve every
 * item against it. Run after annotation imports, every `review.dawidSkeneEvery` label submissions,
 * when a lead asks, and when review settings change. Between fits, each item is scored against the
 * latest model as its annotations change (db/queries/resolutions.ts).
 *
 * A background job (lib/jobs/, docs/decisions/0004): a project's refits share a coalesce key, so
 * one runs at a time and requests made meanwhile fold into one waiting refit. The ratings are read
 * on the event loop a page at a time; EM runs on the job's worker thread.
 */
import "server-only";
import type { Db } from "@/db";
import { fitProjectDawidSkene, type DawidSkeneFitRecord, type DawidSkeneTrigger } from "@/db/queries/dawid-skene";
import { hasLiveJob, type JobRecord } from "@/db/queries/jobs";
import { refreshProjectResolutions } from "@/db/queries/resolutions";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import { withJobThread } from "@/lib/jobs/job-thread";
import { fitterOnThread } from "./dawid-skene-thread";

export type RefitResult =
  // Stored as the job's JSON result: the fit's time as an ISO string.
  | { readonly status: "fitted"; readonly fit: Omit<DawidSkeneFitRecord, "model" | "createdAt"> & { createdAt: string }; readonly refreshed: number }
  | { readonly status: "skipped"; readonly reason: string; readonly refreshed: number };

type RefitPayload = { triggers: DawidSkeneTrigger[] };

/** The trigger a fit folded from several records: the most deliberate one. */
const TRIGGER_PRIORITY: readonly DawidSkeneTrigger[] = ["manual", "settings", "import", "annotations"];

/** Whether the submission that brought the project to `labelSubmissions` should start a refit. */
export function refitDue(labelSubmissions: number, every: number): boolean {
  return labelSubmissions > 0 && labelSubmissions % every === 0;
}

const coalesceKey = (projectId: string) => `dawid-skene:${projectId}`;

export const dawidSkeneRefitJob: JobKind<RefitPayload, RefitResult> = {
  kind: "dawid-skene-refit",
  maxAttempts: 3,
  merge: (queued, incoming) => ({ triggers: [...new Set([...queued.triggers, ...incoming.triggers])] }),
  async run({ db, job, payload, reportProgress }) {
    const projectId = job.projectId!;
    const trigger = TRIGGER_PRIORITY.find((t) => payload.triggers.includes(t)) ?? "manual";
    await reportProgress({ done: 0, total: 2, message: "fitting" });
    // EM on the job's worker thread: over a large project it would otherwise hold the event loop.
    const outcome = await withJobThread((thread) => fitProjectDawidSkene({ db, projectId, trigger, fitter: fitterOnThread(thread) }));
    if (outcome.status === "skipped") {
      // New thresholds or a new aggregation method change resolutions even without a new fit.
      if (!payload.triggers.includes("settings")) return { status: "skipped", reason: outcome.reason, refreshed: 0 };
      await reportProgress({ done: 1, total: 2, message: "re-resolving items" });
      return { status: "skipped", reason: outcome.reason, refreshed: await refreshProjectResolutions({ db, projectId }) };
    }
    await reportProgress({ done: 1, total: 2, message: "re-resolving items" });
    const refreshed = await refreshProjectResolutions({ db, projectId });
    const { model: _model, createdAt, ...fit } = outcome.fit;
    return { status: "fitted", fit: { ...fit, createdAt: createdAt.toISOString() }, refreshed };
  },
};

/** Whether a refit of the project is queued or running. */
export function isRefitting({ db, projectId }: { db: Db; projectId: string }): Promise<boolean> {
  return hasLiveJob({ db, coalesceKey: coalesceKey(projectId) });
}

/** Queues a refit of the project (folded into one already waiting): the job. */
export function requestDawidSkeneRefit({
  db,
  projectId,
  trigger,
  createdBy = null,
}: {
  db: Db;
  projectId: string;
  trigger: DawidSkeneTrigger;
  createdBy?: string | null;
}): Promise<JobRecord> {
  return enqueue({ db, kind: dawidSkeneRefitJob, projectId, coalesceKey: coalesceKey(projectId), payload: { triggers: [trigger] }, createdBy });
}
