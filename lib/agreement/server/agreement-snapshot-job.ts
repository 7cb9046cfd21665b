/**
 * Agreement snapshots as a background job (lib/jobs/, docs/decisions/0004), coalesced per project:
 * the label that makes one due, an annotation import and the insights page's button all queue the
 * same kind, and requests made while one waits fold into it. The ratings are read a page at a time
 * on the runner's event loop; the agreement and its bootstrap are computed on the job's worker
 * thread.
 */
import "server-only";
import type { Db } from "@/db";
import { saveAgreementSnapshot, type AgreementTrigger } from "@/db/queries/agreement";
import type { JobRecord } from "@/db/queries/jobs";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import { withJobThread } from "@/lib/jobs/job-thread";
import { summarizerOnThread } from "./agreement-thread";

type AgreementPayload = {
  trigger: AgreementTrigger;
  createdBy: string | null;
  /** Bootstrap resamples; absent means saveAgreementSnapshot's default (the full intervals). */
  resamples?: number;
};

export type AgreementSnapshotResult = { snapshotId: number; annotationCount: number };

const coalesceKey = (projectId: string) => `agreement-snapshot:${projectId}`;

/** The trigger a folded snapshot records: the most deliberate one asked. */
const TRIGGER_PRIORITY: readonly AgreementTrigger[] = ["manual", "adjudication", "import", "annotations"];
const rank = (trigger: AgreementTrigger) => TRIGGER_PRIORITY.indexOf(trigger);

export const agreementSnapshotJob: JobKind<AgreementPayload, AgreementSnapshotResult> = {
  kind: "agreement-snapshot",
  maxAttempts: 3,
  merge: (queued, incoming) => {
    const lead = rank(incoming.trigger) < rank(queued.trigger) ? incoming : queued;
    // The fuller of the two: one request without a limit asks for the full intervals.
    const resamples = queued.resamples === undefined || incoming.resamples === undefined ? undefined : Math.max(queued.resamples, incoming.resamples);
    return { trigger: lead.trigger, createdBy: lead.createdBy, ...(resamples === undefined ? {} : { resamples }) };
  },
  async run({ db, job, payload, reportProgress }) {
    await reportProgress({ done: 0, total: 1, message: "computing agreement" });
    const snapshot = await withJobThread((thread) =>
      saveAgreementSnapshot({
        db,
        projectId: job.projectId!,
        trigger: payload.trigger,
        createdBy: payload.createdBy,
        resamples: payload.resamples,
        summarizer: summarizerOnThread(thread),
      }),
    );
    return { snapshotId: snapshot.id, annotationCount: snapshot.annotationCount };
  },
};

/** Queues an agreement snapshot of the project, folded into one already waiting. */
export function requestAgreementSnapshot({
  db,
  projectId,
  trigger,
  createdBy = null,
  resamples,
}: {
  db: Db;
  projectId: string;
  trigger: AgreementTrigger;
  createdBy?: string | null;
  resamples?: number;
}): Promise<JobRecord> {
  const payload: AgreementPayload = { trigger, createdBy, ...(resamples === undefined ? {} : { resamples }) };
  return enqueue({ db, kind: agreementSnapshotJob, projectId, coalesceKey: coalesceKey(projectId), payload, createdBy });
}
