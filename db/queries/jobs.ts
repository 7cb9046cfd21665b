// Background jobs (docs/decisions/0004): a row per job, claimed by one runner at a time under a
// lease the runner keeps alive by heartbeats. A runner that dies stops heartbeating; once its
// lease lapses any runner takes the job over. Jobs sharing a coalesce key run one at a time and
// at most one of them waits queued: a request made meanwhile merges its payload into that one.
//
// Every write checks the owner: a runner that lost its lease (it stalled, another took over)
// cannot finish, fail or report on a job it no longer holds.
import { and, desc, eq, getTableColumns, inArray, isNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { jobs, type JobProgress } from "../schema";
import type { Db, Executor } from "../index";
import { lockedRowsSkipped } from "../dialect/sql";
import { GoldsetError } from "@/lib/errors";
import { recordAudit } from "./audit";

export type JobRecord = typeof jobs.$inferSelect;
export type JobState = JobRecord["state"];
export type JobPayload = Record<string, unknown>;
/** A job without its payload: what the lead's views read (a payload may hold a whole uploaded file). */
export type JobSummary = Omit<JobRecord, "payload">;

const { payload: _payload, ...summaryColumns } = getTableColumns(jobs);

/** How a queued job's payload absorbs a later request's: e.g. the union of their triggers. */
export type PayloadMerge = (queued: JobPayload, incoming: JobPayload) => JobPayload;

export const TERMINAL_JOB_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled"];

/** A retry waits this long times 2^(attempts - 1), at most MAX_RETRY_DELAY_MS. */
const MAX_RETRY_DELAY_MS = 60 * 60_000;

export function retryDelayMs({ attempts, baseMs }: { attempts: number; baseMs: number }): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queues a job, or, when a job with the same coalesce key is already queued, merges `payload` into
 * that one (through `merge`; without it the queued payload stands) and returns it.
 */
export async function enqueueJob({
  db,
  kind,
  projectId = null,
  coalesceKey = null,
  payload,
  merge,
  maxAttempts,
  createdBy = null,
  now = new Date(),
}: {
  db: Db;
  kind: string;
  projectId?: string | null;
  coalesceKey?: string | null;
  payload: JobPayload;
  merge?: PayloadMerge;
  maxAttempts: number;
  createdBy?: string | null;
  now?: Date;
}): Promise<JobRecord> {
  return db.transaction(async (tx) => {
    if (coalesceKey !== null) {
      const [queued] = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.coalesceKey, coalesceKey), eq(jobs.state, "queued")))
        .limit(1);
      if (queued) {
        const payloadNow = merge ? merge(queued.payload, payload) : queued.payload;
        // Most requests add nothing (another "labels" trigger): no write, so concurrent
        // submissions do not contend for the queued row.
        if (JSON.stringify(payloadNow) === JSON.stringify(queued.payload)) return queued;
        const [merged] = await tx
          .update(jobs)
          .set({ payload: payloadNow })
          .where(eq(jobs.id, queued.id))
          .returning();
        return merged!;
      }
    }
    return await insertQueuedJob(tx, { kind, projectId, coalesceKey, payload, maxAttempts, createdBy, now });
  });
}

/**
 * Queues a job in the caller's transaction, without coalescing: for work recorded in the same
 * transaction as the change that causes it (a webhook delivery: the event and its job land or
 * vanish together).
 */
export async function insertQueuedJob(
  tx: Executor,
  {
    kind,
    projectId = null,
    coalesceKey = null,
    payload,
    maxAttempts,
    createdBy = null,
    now = new Date(),
  }: { kind: string; projectId?: string | null; coalesceKey?: string | null; payload: JobPayload; maxAttempts: number; createdBy?: string | null; now?: Date },
): Promise<JobRecord> {
  const [inserted] = await tx
    .insert(jobs)
    .values({ kind, projectId, coalesceKey, payload, state: "queued", maxAttempts, runAfter: now, createdBy, createdAt: now })
    .returning();
  return inserted!;
}

/**
 * Gives `owner` the next job it may run, under a lease of `leaseMs`: the oldest due queued job
 * whose coalesce key has no running job, or a running job whose lease lapsed (its runner died).
 * A lapsed job that already used all its attempts is failed instead. Null when nothing is due.
 * `kinds` limits the claim to what the caller can run, `jobId` to one job (a CLI running its own).
 */
export async function claimJob({
  db,
  owner,
  leaseMs,
  kinds,
  jobId,
  now = new Date(),
}: {
  db: Db;
  owner: string;
  leaseMs: number;
  kinds: readonly string[];
  jobId?: number;
  now?: Date;
}): Promise<JobRecord | null> {
  if (kinds.length === 0) return null;
  const lapsed = and(eq(jobs.state, "running"), lt(jobs.leaseExpiresAt, now));
  await db
    .update(jobs)
    .set({ state: "failed", error: "its runner stopped (its lease lapsed) during the last attempt", leaseOwner: null, leaseExpiresAt: null, finishedAt: now })
    .where(and(lapsed, sql`${jobs.attempts} >= ${jobs.maxAttempts}`));
  const scope: SQL[] = [inArray(jobs.kind, [...kinds])];
  if (jobId !== undefined) scope.push(eq(jobs.id, jobId));
  // One statement, atomic on its own: SQLite runs it under its one writer lock; PostgreSQL locks
  // the chosen row and skips rows another claimer holds (docs/decisions/0004). Raw SQL for the
  // subquery because the builder has no FOR UPDATE on SQLite's side.
  const candidate = sql`(select ${jobs.id} from ${jobs} where ${and(
    ...scope,
    or(
      and(
        eq(jobs.state, "queued"),
        lte(jobs.runAfter, now),
        or(isNull(jobs.coalesceKey), sql`not exists (select 1 from ${jobs} as running where running.coalesce_key = ${jobs.coalesceKey} and running.state = 'running')`),
      ),
      lapsed,
    ),
  )} order by ${jobs.runAfter}, ${jobs.id} limit 1 ${lockedRowsSkipped()})`;
  const [claimed] = await db
    .update(jobs)
    .set({
      state: "running",
      attempts: sql`${jobs.attempts} + 1`,
      leaseOwner: owner,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
      heartbeatAt: now,
      startedAt: now,
    })
    .where(sql`${jobs.id} = ${candidate}`)
    .returning();
  return claimed ?? null;
}

function heldBy(jobId: number, owner: string) {
  return and(eq(jobs.id, jobId), eq(jobs.state, "running"), eq(jobs.leaseOwner, owner));
}

/** Extends the lease if `owner` still holds the job; false when it lost it. */
export async function heartbeatJob({ db, jobId, owner, leaseMs, now = new Date() }: { db: Db; jobId: number; owner: string; leaseMs: number; now?: Date }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ heartbeatAt: now, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
    .where(heldBy(jobId, owner))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Records how far the job has got; false when `owner` no longer holds it. */
export async function reportJobProgress({ db, jobId, owner, progress }: { db: Db; jobId: number; owner: string; progress: JobProgress }): Promise<boolean> {
  const rows = await db.update(jobs).set({ progress }).where(heldBy(jobId, owner)).returning({ id: jobs.id });
  return rows.length > 0;
}

/** Ends the job with its result; null when `owner` no longer holds it (the result is dropped). */
export async function succeedJob({ db, jobId, owner, result, now = new Date() }: { db: Db; jobId: number; owner: string; result: unknown; now?: Date }): Promise<JobRecord | null> {
  const [done] = await db
    .update(jobs)
    .set({ state: "succeeded", result: result ?? null, error: null, leaseOwner: null, leaseExpiresAt: null, finishedAt: now })
    .where(heldBy(jobId, owner))
    .returning();
  return done ?? null;
}

/**
 * Records a failed attempt. With attempts left the job is queued again after an exponential
 * back-off, keeping the error for the lead to see meanwhile; after the last attempt it is failed.
 * If another job with its coalesce key is already queued, that one runs next anyway: this job's
 * payload is merged into it and this job ends failed, pointing at it (`result.continuedIn`), so
 * the key still has at most one queued job. Null when `owner` no longer holds the job.
 */
export async function failJob({
  db,
  jobId,
  owner,
  error,
  backoffBaseMs,
  merge,
  retryDelay,
  now = new Date(),
}: {
  db: Db;
  jobId: number;
  owner: string;
  error: string;
  backoffBaseMs: number;
  merge?: PayloadMerge;
  /** A kind's own schedule: how long to wait after the given failed attempt (1 for the first); else the base doubling. */
  retryDelay?: (attempts: number) => number;
  now?: Date;
}): Promise<JobRecord | null> {
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(heldBy(jobId, owner));
    if (!job) return null;
    const released = { error, leaseOwner: null, leaseExpiresAt: null };
    const final = async (result: unknown) =>
      (await tx.update(jobs).set({ ...released, state: "failed", result, finishedAt: now }).where(eq(jobs.id, jobId)).returning())[0]!;
    if (job.attempts >= job.maxAttempts) return final(null);
    if (job.coalesceKey !== null) {
      const [queued] = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.coalesceKey, job.coalesceKey), eq(jobs.state, "queued"), ne(jobs.id, jobId)))
        .limit(1);
      if (queued) {
        if (merge) await tx.update(jobs).set({ payload: merge(queued.payload, job.payload) }).where(eq(jobs.id, queued.id));
        return final({ continuedIn: queued.id });
      }
    }
    const delayMs = retryDelay ? retryDelay(job.attempts) : retryDelayMs({ attempts: job.attempts, baseMs: backoffBaseMs });
    const runAfter = new Date(now.getTime() + delayMs);
    const [retried] = await tx
      .update(jobs)
      .set({ ...released, state: "queued", runAfter })
      .where(eq(jobs.id, jobId))
      .returning();
    return retried!;
  });
}

export async function getJob({ db, jobId }: { db: Db; jobId: number }): Promise<JobRecord | null> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  return job ?? null;
}

/** One of the project's jobs, for the lead; a 404 when it is not there (or another project's). */
export async function getProjectJob({ db, projectId, jobId }: { db: Db; projectId: string; jobId: number }): Promise<JobSummary> {
  const [job] = await db
    .select(summaryColumns)
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.projectId, projectId)));
  if (!job) throw new GoldsetError("not_found", `Job ${jobId} not found in this project.`);
  return job;
}

/** The project's latest jobs, newest first. */
export async function listProjectJobs({ db, projectId, limit = 50 }: { db: Db; projectId: string; limit?: number }): Promise<JobSummary[]> {
  return db.select(summaryColumns).from(jobs).where(eq(jobs.projectId, projectId)).orderBy(desc(jobs.id)).limit(limit);
}

/**
 * The project's latest job of a kind that succeeded (what a page shows as the last result, with its
 * finish time) and the one queued or running now, if any.
 */
export async function latestJobsOfKind({ db, projectId, kind }: { db: Db; projectId: string; kind: string }): Promise<{ succeeded: JobSummary | null; live: JobSummary | null }> {
  const [succeeded] = await db
    .select(summaryColumns)
    .from(jobs)
    .where(and(eq(jobs.projectId, projectId), eq(jobs.kind, kind), eq(jobs.state, "succeeded")))
    .orderBy(desc(jobs.id))
    .limit(1);
  const [live] = await db
    .select(summaryColumns)
    .from(jobs)
    .where(and(eq(jobs.projectId, projectId), eq(jobs.kind, kind), inArray(jobs.state, ["queued", "running"])))
    .orderBy(desc(jobs.id))
    .limit(1);
  return { succeeded: succeeded ?? null, live: live ?? null };
}

/** Whether a job with this coalesce key is queued or running (a retrain the lead sees as under way). */
export async function hasLiveJob({ db, coalesceKey }: { db: Db; coalesceKey: string }): Promise<boolean> {
  const [live] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.coalesceKey, coalesceKey), inArray(jobs.state, ["queued", "running"])))
    .limit(1);
  return live !== undefined;
}

/** The queued or running job with this coalesce key (the running one first), or null. */
export async function liveJob({ db, coalesceKey }: { db: Db; coalesceKey: string }): Promise<JobRecord | null> {
  const live = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.coalesceKey, coalesceKey), inArray(jobs.state, ["queued", "running"])))
    .orderBy(jobs.id);
  return live.find((job) => job.state === "running") ?? live[0] ?? null;
}

/**
 * Replaces the payload of a job `owner` still holds; false when it lost the lease. Run in the
 * transaction of the job's own writes, it makes them the holder's alone: a job that recorded its
 * work in its payload this way cannot be done twice by a runner that took it over.
 */
export async function replaceJobPayload({ db, jobId, owner, payload }: { db: Executor; jobId: number; owner: string; payload: JobPayload }): Promise<boolean> {
  const rows = await db.update(jobs).set({ payload }).where(heldBy(jobId, owner)).returning({ id: jobs.id });
  return rows.length > 0;
}

/** Whether a job of a kind may be cancelled while queued and while running, and why not. */
export interface CancelPolicy {
  readonly queued: boolean;
  readonly running: boolean;
  /** Said to the lead when the job's state does not allow it. */
  readonly refusal: string;
}

/**
 * Cancels one of the project's jobs for `actorId` (audited): a queued job never starts; a running
 * one loses its lease, so its runner's next heartbeat, progress report or lease-guarded commit
 * finds the job no longer its own and stops without recording anything. `policy` says, per kind,
 * which states allow it: only kinds whose commits are lease-guarded may be cancelled while running.
 * The update is guarded by the state read, so a job that a runner claimed or ended meanwhile is
 * reported as it now is rather than cancelled.
 */
export async function cancelJob({
  db,
  projectId,
  jobId,
  actorId,
  policy,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  jobId: number;
  actorId: string;
  policy: (kind: string) => CancelPolicy;
  now?: Date;
}): Promise<JobSummary> {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select(summaryColumns)
      .from(jobs)
      .where(and(eq(jobs.id, jobId), eq(jobs.projectId, projectId)));
    if (!job) throw new GoldsetError("not_found", `Job ${jobId} not found in this project.`);
    if (TERMINAL_JOB_STATES.includes(job.state)) throw new GoldsetError("conflict", `Job ${jobId} has already ended (${job.state}).`);
    const allowed = policy(job.kind);
    if (!(job.state === "queued" ? allowed.queued : allowed.running)) throw new GoldsetError("conflict", `Job ${jobId} (${job.kind}, ${job.state}) cannot be cancelled: ${allowed.refusal}`);
    const [cancelled] = await tx
      .update(jobs)
      .set({ state: "cancelled", leaseOwner: null, leaseExpiresAt: null, finishedAt: now })
      .where(and(eq(jobs.id, jobId), eq(jobs.state, job.state)))
      .returning(summaryColumns);
    if (!cancelled) throw new GoldsetError("conflict", `Job ${jobId} changed state while being cancelled; look again.`);
    await recordAudit(tx, { projectId, actorId, action: "job.cancel", targetType: "job", targetId: jobId, details: { kind: job.kind, state: job.state, progress: job.progress }, at: now });
    return cancelled;
  });
}
