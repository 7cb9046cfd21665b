/**
 * Retrains as background jobs (lib/jobs/, docs/decisions/0004), one project at a time: all of a
 * project's retrains share a coalesce key, so at most one runs and at most one waits. A request
 * that arrives while one waits is folded into it, and the waiting retrain sees every trigger
 * folded in: a burst of submissions costs at most one extra retrain.
 */
import "server-only";
import type { Db } from "@/db";
import { hasLiveJob, type JobRecord } from "@/db/queries/jobs";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import { retrainDecision } from "./retrain-due";
import { retrainProject, type RetrainOutcome } from "./retrain-project";
import type { RetrainTrigger } from "./version-metrics";

export type RetrainResult = { readonly status: "retrained"; readonly outcome: RetrainOutcome } | { readonly status: "not-due"; readonly reason: string };

type RetrainPayload = { triggers: RetrainTrigger[] };

const coalesceKey = (projectId: string) => `retrain:${projectId}`;

export const retrainJob: JobKind<RetrainPayload, RetrainResult> = {
  kind: "retrain",
  maxAttempts: 3,
  merge: (queued, incoming) => ({ triggers: [...new Set([...queued.triggers, ...incoming.triggers])] }),
  async run({ db, job, payload, reportProgress }) {
    const projectId = job.projectId!;
    const decision = await retrainDecision({ db, projectId, triggers: new Set(payload.triggers) });
    if (!decision.due) return { status: "not-due", reason: decision.reason };
    await reportProgress({ done: 0, total: 1, message: `retraining (${decision.trigger})` });
    return { status: "retrained", outcome: await retrainProject({ db, projectId, trigger: decision.trigger }) };
  },
};

/** Whether a retrain of the project is queued or running. */
export function isRetraining({ db, projectId }: { db: Db; projectId: string }): Promise<boolean> {
  return hasLiveJob({ db, coalesceKey: coalesceKey(projectId) });
}

interface RetrainRequest {
  db: Db;
  projectId: string;
  createdBy?: string | null;
}

/**
 * Queues a retrain, run if `trigger` (with any folded into it) makes it due (see retrain-due.ts):
 * the job. Labels ask after every submission and are rarely due: those not due now queue nothing
 * (null), since the submission that makes them due asks again; a job row per label would be noise.
 */
export function requestRetrain(request: RetrainRequest & { trigger: "labels" }): Promise<JobRecord | null>;
export function requestRetrain(request: RetrainRequest & { trigger: Exclude<RetrainTrigger, "labels"> }): Promise<JobRecord>;
export async function requestRetrain({ db, projectId, trigger, createdBy = null }: RetrainRequest & { trigger: RetrainTrigger }): Promise<JobRecord | null> {
  if (trigger === "labels" && !(await retrainDecision({ db, projectId, triggers: new Set([trigger]) })).due) return null;
  return enqueue({ db, kind: retrainJob, projectId, coalesceKey: coalesceKey(projectId), payload: { triggers: [trigger] }, createdBy });
}
