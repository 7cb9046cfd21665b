// A lead cancels one of the project's background jobs. What each kind allows is its own to say
// (JobKind.cancel); the default lets a job be cancelled until it starts, since most kinds commit
// their work in steps that a cancel half-way would leave half-done.
import "server-only";
import type { Db } from "@/db";
import { cancelJob, type CancelPolicy, type JobSummary } from "@/db/queries/jobs";
import type { AnyJobKind } from "./job-kind";
import { APP_JOB_KINDS } from "./app-job-kinds";

export const DEFAULT_CANCEL_POLICY: CancelPolicy = { queued: true, running: false, refusal: "once started it runs to its end" };

export function cancelPolicy(kinds: readonly AnyJobKind[]): (kind: string) => CancelPolicy {
  const byName = new Map(kinds.map((k) => [k.kind, k.cancel ?? DEFAULT_CANCEL_POLICY]));
  return (kind) => byName.get(kind) ?? { queued: false, running: false, refusal: "this server does not know its kind" };
}

export function cancelProjectJob({ db, projectId, jobId, actorId }: { db: Db; projectId: string; jobId: number; actorId: string }): Promise<JobSummary> {
  return cancelJob({ db, projectId, jobId, actorId, policy: cancelPolicy(APP_JOB_KINDS) });
}
