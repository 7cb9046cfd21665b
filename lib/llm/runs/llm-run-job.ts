/**
 * The `llm-run` job: executes one pre-labelling run (payload: its id) wherever a job runner claims
 * it: the server's runner on any instance, or `goldset prelabel` (lib/jobs/run-job-here.ts). The run's
 * own row keeps its status, counts and history (the LLM page reads it); the job gives the run what
 * the jobs table gives every job (docs/decisions/0004): one executor at a time, a lease kept alive
 * by heartbeats, and a takeover by another runner when that lease lapses (its process died).
 *
 * What an execution does with the run depends on the run's status when the job is claimed:
 * - "running": executes it. On a takeover (a later attempt of the job) the run is first marked
 *   resumed (audited as a recovery) and the claims the dead process held for items it was still
 *   asking about are given back, so it asks about them again; answered items are never pending
 *   again, so none is asked twice. Every execution gives back such claims first: after a clean
 *   pause there are none, after a runner died mid-pause there are.
 * - "paused", "cancelled", finished: nothing to execute (the lead stopped it before the job
 *   started, or while a runner died). A cancel its dead runner never recorded is recorded here.
 *
 * Pause and cancel write the run's status, which the engine polls (PrelabelStore.shouldStop), on
 * whichever instance executes it. Resume marks the run running again and queues the job anew: it
 * starts once the execution winding down from the pause has ended (one job per run at a time,
 * through the coalesce key).
 */
import "server-only";
import type { Db } from "@/db";
import type { JobRecord } from "@/db/queries/jobs";
import { finishRunExecution, getRun, markRunResumed } from "@/db/queries/llm-runs";
import { releaseInterruptedClaims } from "@/db/queries/prelabel-store";
import type { RunStatus } from "@/lib/llm/llm-views";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import { enqueue } from "@/lib/jobs/enqueue-job";
import type { JobKind } from "@/lib/jobs/job-kind";
import type { PrelabelLogEntry } from "./prelabel-run";
import { currentRunOwner } from "./run-owner";
import { executeStoredRun, type StoredRunOptions } from "./stored-run";

export type LlmRunPayload = { runId: number };
export type LlmRunResult = { runId: number; status: RunStatus };

/**
 * Process deaths the run survives before its job is failed for good. A run's own failures (the
 * endpoint refusing, items given up on) do not count: they end the run, and the job succeeds.
 */
const MAX_ATTEMPTS = 5;

export const llmRunCoalesceKey = (runId: number) => `llm-run:${runId}`;

function logToConsole(entry: PrelabelLogEntry & { runId: number }): void {
  const line = `[prelabel run ${entry.runId}]${entry.itemId === undefined ? "" : ` item ${entry.itemId}:`} ${entry.message}`;
  if (entry.level === "info") console.info(line);
  else console.warn(line);
}

/** The kind, with where its log goes and (for tests) the engine's intervals. */
export function llmRunJobKind({
  runner = "server",
  log = logToConsole,
  engine,
}: {
  runner?: "server" | "cli";
  log?: StoredRunOptions["log"];
  engine?: StoredRunOptions["engine"];
} = {}): JobKind<LlmRunPayload, LlmRunResult> {
  return {
    kind: "llm-run",
    maxAttempts: MAX_ATTEMPTS,
    // A run has its own Stop (the LLM page), which the run's job honours between requests.
    cancel: { queued: false, running: false, refusal: "stop its run on the LLM page instead" },
    async run({ db, job, payload, signal, reportProgress }) {
      const { runId } = payload;
      const run = await getRun({ db, runId });
      if (!run) throw new Error(`Run ${runId} does not exist.`);
      if (run.status === "cancelled" && run.finishedAt === null) {
        return { runId, status: (await finishRunExecution({ db, runId, status: "cancelled", error: run.error })).status };
      }
      if (run.status !== "running") return { runId, status: run.status };
      const owner = currentRunOwner(runner);
      if (job.attempts > 1) await markRunResumed({ db, runId, owner, actorId: null });
      await releaseInterruptedClaims({ db, runId });
      const execution = await executeStoredRun({
        db,
        runId,
        owner,
        masterSecret: llmMasterSecret,
        log,
        engine,
        interrupt: signal,
        onProgress: (progress) => {
          reportProgress({ done: progress.done, total: progress.total, message: `run ${runId}` }).catch((error: unknown) =>
            console.error(`[prelabel run ${runId}] could not report the job's progress`, error),
          );
        },
      });
      const final = await execution.result;
      // Not an end: the run stays "running" and the job is retried (or already held by another runner).
      if (signal.aborted) throw new Error(`Run ${runId} was interrupted: ${String((signal.reason as Error | undefined)?.message ?? signal.reason)}`);
      return { runId, status: final.status };
    },
  };
}

/** The kind the app's runners execute. */
export const llmRunJob = llmRunJobKind();

/** Queues the run's job (or returns the one already queued) and wakes this process's runners. */
export function enqueueRunJob({ db, projectId, runId, actorId }: { db: Db; projectId: string; runId: number; actorId: string | null }): Promise<JobRecord> {
  return enqueue({ db, kind: llmRunJob, payload: { runId }, projectId, coalesceKey: llmRunCoalesceKey(runId), createdBy: actorId });
}
