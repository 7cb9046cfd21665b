import "server-only";
import type { Db } from "@/db";
import { connectionForRun } from "@/db/queries/llm-connection";
import { createRun, getRun, markRunResumed, requestRunStop, runsMarkedRunning } from "@/db/queries/llm-runs";
import { releaseInterruptedClaims } from "@/db/queries/prelabel-store";
import { GoldsetError } from "@/lib/errors";
import type { RunView } from "@/lib/llm/llm-views";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import type { PrelabelLogEntry } from "./prelabel-run";
import { currentRunOwner, isOwnerAlive } from "./run-owner";
import { executeStoredRun, type StoredRunExecution } from "./stored-run";

/**
 * Pre-labelling runs in the app's server process: started, paused, resumed and cancelled from the
 * LLM page, executed in the background. The registry lives on globalThis because Next may load
 * this module once per route bundle, and there must be one registry per process.
 *
 * Restarts: a run whose status is "running" but whose owning process is gone was interrupted. The
 * first request that reaches the LLM routes, the LLM page or the annotation queue resumes it here,
 * under the same run id, after giving back the claims its dead process held; answered items are
 * never pending again, so none is asked about twice.
 */

interface Registry {
  executions: Map<number, StoredRunExecution>;
  recovered: boolean;
}

const globalForRuns = globalThis as unknown as { goldsetPrelabelRuns?: Registry };

function registry(): Registry {
  globalForRuns.goldsetPrelabelRuns ??= { executions: new Map(), recovered: false };
  return globalForRuns.goldsetPrelabelRuns;
}

function logToConsole(entry: PrelabelLogEntry & { runId: number }): void {
  const line = `[prelabel run ${entry.runId}]${entry.itemId === undefined ? "" : ` item ${entry.itemId}:`} ${entry.message}`;
  if (entry.level === "info") console.info(line);
  else console.warn(line);
}

/** Starts executing a run already marked "running"; synchronous up to registration, so two requests cannot both start it. */
async function execute(db: Db, runId: number): Promise<void> {
  const executions = registry().executions;
  const execution = await executeStoredRun({ db, runId, owner: currentRunOwner("server"), masterSecret: llmMasterSecret, log: logToConsole });
  executions.set(runId, execution);
  void execution.result
    .catch((error: unknown) => console.error(`[prelabel run ${runId}] could not record the end of the run`, error))
    .finally(() => {
      if (executions.get(runId) === execution) executions.delete(runId);
    });
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
}): Promise<RunView> {
  // Refuse now, with a message the lead can act on, rather than record a run that fails at once.
  await connectionForRun({ db, projectId, masterSecret: llmMasterSecret });
  const run = await createRun({ db, projectId, promptVersionId, itemLimit, actorId, owner: currentRunOwner("server") });
  await execute(db, run.id);
  return (await getRun({ db, runId: run.id }))!;
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
}): Promise<RunView> {
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
  await execute(db, run.id);
  return (await getRun({ db, runId: run.id }))!;
}

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
  const run = await requestRunStop({ db, projectId, runId, request, actorId });
  // The engine would see the new status at its next poll; telling it directly saves that second.
  const execution = registry().executions.get(runId);
  if (request === "pause") execution?.pause();
  else execution?.cancel();
  return run;
}

export async function resumeRun({ db, projectId, runId, actorId }: { db: Db; projectId: string; runId: number; actorId: string | null }): Promise<RunView> {
  const run = await getRun({ db, runId, projectId });
  if (!run) throw new GoldsetError("not_found", `No run ${runId} in this project.`);
  // A pause lets the requests in flight finish; resuming waits for them rather than racing them.
  const winding = registry().executions.get(runId);
  if (winding) await winding.result.catch(() => undefined);
  const owner = run.progress.owner;
  if (owner !== null && owner.pid !== process.pid && isOwnerAlive(owner) && run.progress.stoppedReason === null) {
    throw new GoldsetError("conflict", `Run ${runId} is still stopping in another process (${owner.kind}, pid ${owner.pid}); try again in a moment.`);
  }
  if (registry().executions.has(runId)) throw new GoldsetError("conflict", `Run ${runId} is already running.`);
  await markRunResumed({ db, runId, owner: currentRunOwner("server"), actorId, takingOverFrom: run.progress.owner });
  await releaseInterruptedClaims({ db, runId });
  await execute(db, runId);
  return (await getRun({ db, runId }))!;
}

/**
 * Resumes every run left "running" by a process that is gone (a restarted server, a killed
 * `goldset prelabel`). Runs another live process executes are left to it.
 */
export async function recoverInterruptedRuns({ db }: { db: Db }): Promise<number[]> {
  const { executions } = registry();
  registry().recovered = true;
  const resumed: number[] = [];
  for (const run of await runsMarkedRunning({ db })) {
    if (executions.has(run.id)) continue;
    const owner = run.progress.owner;
    if (owner !== null && owner.pid !== process.pid && isOwnerAlive(owner)) continue;
    try {
      await markRunResumed({ db, runId: run.id, owner: currentRunOwner("server"), actorId: null, takingOverFrom: owner });
    } catch (error) {
      // Another process took it over first, or the run is no longer resumable: leave it be.
      if (error instanceof GoldsetError) continue;
      throw error;
    }
    await releaseInterruptedClaims({ db, runId: run.id });
    await execute(db, run.id);
    resumed.push(run.id);
  }
  return resumed;
}

/** recoverInterruptedRuns, once per process: cheap enough to call on every request that may be the first. */
export async function ensureRunsRecovered({ db }: { db: Db }): Promise<void> {
  if (registry().recovered) return;
  try {
    await recoverInterruptedRuns({ db });
  } catch (error) {
    // A request must not fail because an old run could not be resumed; the LLM page shows its state.
    console.error("Could not resume interrupted pre-labelling runs", error);
  }
}

/** Waits for this process's executions to stop; for tests and an orderly shutdown. */
export async function settleRuns(): Promise<void> {
  await Promise.all([...registry().executions.values()].map((execution) => execution.result.catch(() => undefined)));
}
