// Runs one job this process claimed: heartbeats keep the lease alive while the kind's handler
// works, and the outcome is recorded only while the lease is still ours (db/queries/jobs.ts). A
// lost lease aborts the handler's signal: another runner has the job now.
import "server-only";
import type { Db } from "@/db";
import { failJob, heartbeatJob, reportJobProgress, succeedJob, type JobPayload, type JobRecord } from "@/db/queries/jobs";
import type { AnyJobKind } from "./job-kind";

export interface LeaseOptions {
  /** How long a claim lasts without a heartbeat: longer than the longest stall of this process's event loop. */
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  /** The first retry waits this long, each later one twice as long as the one before. */
  readonly backoffBaseMs: number;
}

/** The job's row after the attempt, or null when the lease was lost before the end was recorded. */
export async function runClaimedJob({
  db,
  job,
  kind,
  owner,
  lease,
  stopping,
}: {
  db: Db;
  job: JobRecord;
  kind: AnyJobKind;
  owner: string;
  lease: LeaseOptions;
  /** Aborted when the runner stops: passed on to the handler. */
  stopping?: AbortSignal;
}): Promise<JobRecord | null> {
  const lost = new AbortController();
  const signal = stopping ? AbortSignal.any([lost.signal, stopping]) : lost.signal;
  const heartbeat = setInterval(() => {
    heartbeatJob({ db, jobId: job.id, owner, leaseMs: lease.leaseMs }).then(
      (held) => {
        if (!held) lost.abort(new Error(`job ${job.id}: no longer held by this runner (cancelled, or taken over by another)`));
      },
      (error: unknown) => console.error(`Goldset: heartbeat of job ${job.id} failed:`, error),
    );
  }, lease.heartbeatMs);
  try {
    const result = await kind.run({
      db,
      job,
      payload: job.payload as JobPayload,
      signal,
      // Reporting is where a handler learns, within a page of work, that the job is no longer its
      // own (another runner took it over, or a lead cancelled it): it throws, so the work stops
      // there instead of running on to an end nobody records.
      reportProgress: async (progress) => {
        if (!lost.signal.aborted && !(await reportJobProgress({ db, jobId: job.id, owner, progress }))) lost.abort(new Error(`job ${job.id}: no longer held by this runner (cancelled, or taken over by another)`));
        lost.signal.throwIfAborted();
      },
    });
    return await succeedJob({ db, jobId: job.id, owner, result });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Goldset: job ${job.id} (${job.kind}) attempt ${job.attempts} of ${job.maxAttempts} failed:`, error);
    return await failJob({ db, jobId: job.id, owner, error: message, backoffBaseMs: lease.backoffBaseMs, merge: kind.merge, retryDelay: kind.retryDelayMs });
  } finally {
    clearInterval(heartbeat);
  }
}
