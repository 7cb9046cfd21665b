/**
 * What the LLM page does with pre-labelling runs: start, retry the invalid answers of, pause,
 * resume and cancel. A run executes as an `llm-run` job (llm-run-job.ts) on whichever instance's
 * job runner claims it; this module only writes the run's row and queues its job, so it holds no
 * state of its own and any instance may serve any of these requests.
 */
import "server-only";
import type { Db } from "@/db";
import { liveJob, type JobRecord } from "@/db/queries/jobs";
import { connectionForRun } from "@/db/queries/llm-connection";
import { createRun, getRun, markRunResumed, requestRunStop, runsMarkedRunning } from "@/db/queries/llm-runs";
import { GoldsetError } from "@/lib/errors";
import type { RunView } from "@/lib/llm/llm-views";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import { enqueueRunJob, llmRunCoalesceKey } from "./llm-run-job";
import { currentRunOwner } from "./run-owner";

/** A run as recorded, and the job that executes it. */
export interface QueuedRun {
  run: RunView;
  job: JobRecord;
}

async function queued(db: Db, projectId: string, runId: number, actorId: string | null): Promise<QueuedRun> {
  const job = await enqueueRunJob({ db, projectId, runId, actorId });
  return { run: (await getRun({ db, runId }))!, job };
}

export async function startRun({
  db,
  projectId,
  promptVersionId,
  itemLimit,
  actorId,
}: {
  db: Db;
  projectId: string;
  promptVersionId: number;
  itemLimit: number | null;
  actorId: string | null;
}): Promise<QueuedRun> {
  // Refuse now, with a message the lead can act on, rather than record a run that fails at once.
  await connectionForRun({ db, projectId, masterSecret: llmMasterSecret });
  const run = await createRun({ db, projectId, promptVersionId, itemLimit, actorId, owner: currentRunOwner("server") });
  return queued(db, projectId, run.id, actorId);
}

/** Starts a run that asks again, with the same prompt version, about the items `runId` got an invalid answer for. */
export async function retryInvalidAnswers({
  db,
  projectId,
  runId,
  actorId,
}: {
  db: Db;
  projectId: string;
  runId: number;
  actorId: string | null;
}): Promise<QueuedRun> {
  const retried = await getRun({ db, runId, projectId });
  if (!retried) throw new GoldsetError("not_found", `No run ${runId} in this project.`);
  await connectionForRun({ db, projectId, masterSecret: llmMasterSecret });
  const run = await createRun({
    db,
    projectId,
    promptVersionId: retried.promptVersionId,
    itemLimit: null,
    retryOf: runId,
    actorId,
    owner: currentRunOwner("server"),
  });
  return queued(db, projectId, run.id, actorId);
}

/** The status changes at once; the engine executing the run, on whichever instance, sees it at its next poll (a second at most). */
export async function stopRun({
  db,
  projectId,
  runId,
  request,
  actorId,
}: {
  db: Db;
  projectId: string;
  runId: number;
  request: "pause" | "cancel";
  actorId: string | null;
}): Promise<RunView> {
  return requestRunStop({ db, projectId, runId, request, actorId });
}

/**
 * Marks a paused run running and queues its job. If the execution that paused is still letting
 * its requests in flight finish, the new job waits for it (one job per run at a time), and that
 * execution leaves the run running rather than paused (finishRunExecution).
 */
export async function resumeRun({ db, projectId, runId, actorId }: { db: Db; projectId: string; runId: number; actorId: string | null }): Promise<QueuedRun> {
  const run = await getRun({ db, runId, projectId });
  if (!run) throw new GoldsetError("not_found", `No run ${runId} in this project.`);
  if (run.status === "running") throw new GoldsetError("conflict", `Run ${runId} is already running.`);
  await markRunResumed({ db, runId, owner: currentRunOwner("server"), actorId });
  return queued(db, projectId, runId, actorId);
}

/**
 * Queues a job for every run marked running that has none queued or running: runs left by a
 * version of Goldset that executed them in its own process, a process that died between recording
 * a run and queueing its job, or a job failed for good after its runner died on every attempt.
 * Called once when the server starts. Safe on several instances at once: a second job for a run
 * waits for the first, and finds the run no longer running or carries it on.
 */
export async function queueRunsWithoutJob({ db }: { db: Db }): Promise<number[]> {
  const queuedIds: number[] = [];
  for (const run of await runsMarkedRunning({ db })) {
    if (await liveJob({ db, coalesceKey: llmRunCoalesceKey(run.id) })) continue;
    await enqueueRunJob({ db, projectId: run.projectId, runId: run.id, actorId: null });
    queuedIds.push(run.id);
  }
  return queuedIds;
}
