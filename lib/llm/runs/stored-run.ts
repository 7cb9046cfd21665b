import "server-only";
import type { Db } from "@/db";
import { connectionForRun } from "@/db/queries/llm-connection";
import { enginePromptVersion, getPromptVersionById } from "@/db/queries/llm-prompts";
import { finishRunExecution, getRun, runBaseline } from "@/db/queries/llm-runs";
import { SqlitePrelabelStore } from "@/db/queries/prelabel-store";
import { getProjectById } from "@/db/queries/projects";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import type { RunOwner, RunStatus, RunView } from "@/lib/llm/llm-views";
import { startPrelabelRun, type PrelabelLogEntry, type PrelabelRunOptions } from "./prelabel-run";
import { errorForStop, statusForStop } from "./run-status";
import { remainingTokenBudget, scopeStoreToRun } from "./run-scoped-store";

/**
 * Executes a stored run (status "running") in this process until it stops, and records how it
 * ended. The `llm-run` job (llm-run-job.ts) goes through here, whether the server's job runner or
 * `goldset prelabel` holds it, so a run behaves the same wherever it executes.
 *
 * An execution cut short by `interrupt` (its job's lease passed to another runner, or the runner is
 * stopping) pauses the engine, letting requests in flight be stored, but records no end: the run
 * stays "running" for the runner that takes its job over next.
 */

export interface StoredRunExecution {
  runId: number;
  /** Resolves with the run as recorded once this execution has stopped; rejects only if the database fails. */
  result: Promise<RunView>;
  pause(): void;
  cancel(): void;
}

export interface StoredRunOptions {
  db: Db;
  runId: number;
  owner: RunOwner;
  masterSecret: () => string;
  log?: (entry: PrelabelLogEntry & { runId: number }) => void;
  /** Passed to the engine; tests shorten its intervals and backoff. */
  engine?: Pick<PrelabelRunOptions, "progressIntervalMs" | "stopPollIntervalMs" | "retryPolicy">;
  /** Told the engine's progress as it is stored on the run (the job mirrors it for the lead). */
  onProgress?: PrelabelRunOptions["onProgress"];
  /** Aborted when this process must stop executing the run without ending it (see above). */
  interrupt?: AbortSignal;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function executeStoredRun(options: StoredRunOptions): Promise<StoredRunExecution> {
  const { db, runId, owner } = options;
  const finish = async (status: RunStatus, error: string | null) =>
    options.interrupt?.aborted ? (await getRun({ db, runId }))! : await finishRunExecution({ db, runId, status, error });
  const stopped = (status: RunStatus, error: string | null): StoredRunExecution => ({
    runId,
    result: Promise.resolve(finish(status, error)),
    pause: () => undefined,
    cancel: () => undefined,
  });

  const run = await getRun({ db, runId });
  if (!run) throw new Error(`Run ${runId} does not exist`);
  let lastProblem: string | null = null;
  const log = (entry: PrelabelLogEntry) => {
    if (entry.level !== "info" && entry.itemId !== undefined) lastProblem = entry.message;
    options.log?.({ ...entry, runId });
  };

  try {
    const version = await getPromptVersionById({ db, projectId: run.projectId, id: run.promptVersionId });
    if (!version) return stopped("failed", `Prompt version ${run.promptVersion} no longer exists.`);
    const connection = await connectionForRun({ db, projectId: run.projectId, masterSecret: options.masterSecret });
    const baseline = await runBaseline({ db, runId });
    const tokenBudget = remainingTokenBudget(connection.tokenBudget, baseline);
    if (tokenBudget !== null && tokenBudget <= 0) return stopped("budget_exhausted", errorForStop("budget", null));
    const project = await getProjectById({ db, projectId: run.projectId });
    const store = scopeStoreToRun(new SqlitePrelabelStore({ db, projectId: run.projectId, owner, retryOf: run.retryOf }), { limit: run.itemLimit, baseline });
    const engine = startPrelabelRun({
      runId: String(runId),
      connection: { ...connection, tokenBudget },
      promptVersion: enginePromptVersion(version),
      store,
      log,
      allowOverlap: project ? workflowSettings(project.settings).spans.allowOverlap : false,
      onProgress: options.onProgress,
      ...options.engine,
    });
    options.interrupt?.addEventListener("abort", () => engine.pause(), { once: true });
    if (options.interrupt?.aborted) engine.pause();
    const result = engine.result.then(
      async (summary) => await finish(statusForStop(summary.stoppedReason), errorForStop(summary.stoppedReason, lastProblem)),
      async (error: unknown) => await finish("failed", `The run stopped on an error: ${messageOf(error)}`),
    );
    return { runId, result, pause: engine.pause, cancel: engine.cancel };
  } catch (error) {
    return stopped("failed", messageOf(error));
  }
}
