// What a kind of background job is: how to run it, how often to try, and how a queued job of the
// kind absorbs a later request for the same thing (db/queries/jobs.ts coalesces on that).
import type { Db } from "@/db";
import type { CancelPolicy, JobPayload, JobRecord } from "@/db/queries/jobs";
import type { JobProgress } from "@/db/schema";

export interface JobContext<P extends JobPayload> {
  readonly db: Db;
  readonly job: JobRecord;
  readonly payload: P;
  /** Stores how far the job has got, for the lead; a no-op once the lease is lost. */
  readonly reportProgress: (progress: JobProgress) => Promise<void>;
  /** Aborted when this runner lost the lease (another took the job over) or is stopping. */
  readonly signal: AbortSignal;
}

export interface JobKind<P extends JobPayload = JobPayload, R = unknown> {
  readonly kind: string;
  readonly maxAttempts: number;
  readonly merge?: (queued: P, incoming: P) => P;
  /**
   * When a lead may cancel a job of this kind (lib/jobs/cancel-job.ts); by default only before it
   * starts. Only a kind whose every commit is guarded by its lease may say `running: true`.
   */
  readonly cancel?: CancelPolicy;
  /**
   * How long to wait after the given failed attempt (1 for the first) before the next one, when the
   * kind keeps a schedule of its own (webhook deliveries: minutes to hours); else the runner's base doubling.
   */
  readonly retryDelayMs?: (attempts: number) => number;
  /** Resolves with the job's result (stored as JSON); throwing fails the attempt. */
  readonly run: (context: JobContext<P>) => Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds kinds of every payload type
export type AnyJobKind = JobKind<any, unknown>;

