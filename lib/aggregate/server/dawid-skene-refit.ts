/**
 * The project-wide Dawid–Skene job: fit the current ratings, store the model, and re-resolve every
 * item against it. Run after annotation imports, every `review.dawidSkeneEvery` label submissions,
 * when a lead asks, and when review settings change. Between fits, each item is scored against the
 * latest model as its annotations change (db/queries/resolutions.ts).
 */
import "server-only";
import type { Db } from "@/db";
import { fitProjectDawidSkene, type DawidSkeneFitRecord, type DawidSkeneTrigger } from "@/db/queries/dawid-skene";
import { refreshProjectResolutions } from "@/db/queries/resolutions";
import { isRunning, runCoalesced } from "@/lib/jobs/coalesced-runs";

export type RefitResult =
  | { readonly status: "fitted"; readonly fit: Omit<DawidSkeneFitRecord, "model">; readonly refreshed: number }
  | { readonly status: "skipped"; readonly reason: string; readonly refreshed: number }
  | { readonly status: "failed"; readonly error: string };

/** Whether the submission that brought the project to `labelSubmissions` should start a refit. */
export function refitDue(labelSubmissions: number, every: number): boolean {
  return labelSubmissions > 0 && labelSubmissions % every === 0;
}

const jobKey = (projectId: string) => `dawid-skene:${projectId}`;

export function isRefitting(projectId: string): boolean {
  return isRunning(jobKey(projectId));
}

/** Refits the project, never two at once for a project; resolves when done and never rejects. */
export function requestDawidSkeneRefit({ db, projectId, trigger }: { db: Db; projectId: string; trigger: DawidSkeneTrigger }): Promise<RefitResult> {
  return runCoalesced(jobKey(projectId), () => refit(db, projectId, trigger));
}

async function refit(db: Db, projectId: string, trigger: DawidSkeneTrigger): Promise<RefitResult> {
  try {
    const outcome = await fitProjectDawidSkene({ db, projectId, trigger });
    if (outcome.status === "skipped") {
      // New thresholds or a new aggregation method change resolutions even without a new fit.
      const refreshed = trigger === "settings" ? await refreshProjectResolutions({ db, projectId }) : 0;
      return { status: "skipped", reason: outcome.reason, refreshed };
    }
    const refreshed = await refreshProjectResolutions({ db, projectId });
    const { model: _model, ...fit } = outcome.fit;
    return { status: "fitted", fit, refreshed };
  } catch (error) {
    console.error(`[dawid-skene ${projectId}] refit failed`, error);
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
