// Queues a job of a known kind (coalesced on its key through the kind's merge) and wakes this
// process's runners, so the job starts now when this instance is free rather than at the next poll.
import "server-only";
import type { Db } from "@/db";
import { enqueueJob, type JobPayload, type JobRecord } from "@/db/queries/jobs";
import type { JobKind } from "./job-kind";
import { wakeJobRunners } from "./job-wake";

export async function enqueue<P extends JobPayload>({
  db,
  kind,
  payload,
  projectId = null,
  coalesceKey = null,
  createdBy = null,
}: {
  db: Db;
  kind: JobKind<P>;
  payload: P;
  projectId?: string | null;
  coalesceKey?: string | null;
  createdBy?: string | null;
}): Promise<JobRecord> {
  const job = await enqueueJob({
    db,
    kind: kind.kind,
    projectId,
    coalesceKey,
    payload,
    merge: kind.merge as ((queued: JobPayload, incoming: JobPayload) => JobPayload) | undefined,
    maxAttempts: kind.maxAttempts,
    createdBy,
  });
  wakeJobRunners();
  return job;
}
