// Pre-labelling runs: one row per run, its status and its progress over every execution (a paused
// or interrupted run resumes under the same id). Stop requests are written to the status, which
// the executing process polls (PrelabelStore.shouldStop), whether that is the server or the CLI.
import "server-only";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { prelabelRuns, promptVersions, suggestions, users } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { exampleTextsByVersion } from "./llm-prompts";
import { countItemsToAsk } from "./prelabel-store";
import { GoldsetError } from "@/lib/errors";
import { EMPTY_RUN_PROGRESS, type RunOwner, type RunProgress, type RunStatus, type RunView } from "@/lib/llm/llm-views";
import type { RunBaseline } from "@/lib/llm/runs/run-scoped-store";
import { emitWebhookEvent } from "./webhook-outbox";

const runColumns = {
  id: prelabelRuns.id,
  projectId: prelabelRuns.projectId,
  promptVersionId: prelabelRuns.promptVersionId,
  promptVersion: promptVersions.version,
  promptOptions: promptVersions.options,
  status: prelabelRuns.status,
  itemLimit: prelabelRuns.itemLimit,
  retryOf: prelabelRuns.retryOfRunId,
  progress: prelabelRuns.progress,
  error: prelabelRuns.error,
  createdBy: users.email,
  createdAt: prelabelRuns.createdAt,
  finishedAt: prelabelRuns.finishedAt,
};

type RunRow = {
  id: number;
  projectId: string;
  promptVersionId: number;
  promptVersion: number;
  promptOptions: Record<string, unknown>;
  status: RunStatus;
  itemLimit: number | null;
  retryOf: number | null;
  progress: Record<string, unknown>;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function runProgressOf(stored: Record<string, unknown>): RunProgress {
  const owner = stored.owner as Partial<RunOwner> | undefined;
  return {
    total: numberOr(stored.total, 0),
    done: numberOr(stored.done, 0),
    invalid: numberOr(stored.invalid, 0),
    failed: numberOr(stored.failed, 0),
    retried: numberOr(stored.retried, 0),
    tokens: numberOr(stored.tokens, 0),
    inFlight: numberOr(stored.inFlight, 0),
    etaSeconds: numberOr(stored.etaSeconds, null),
    stoppedReason: typeof stored.stoppedReason === "string" ? (stored.stoppedReason as RunProgress["stoppedReason"]) : null,
    owner: owner && (owner.kind === "server" || owner.kind === "cli") && typeof owner.pid === "number" ? { kind: owner.kind, pid: owner.pid } : null,
    updatedAt: typeof stored.updatedAt === "string" ? stored.updatedAt : null,
  };
}

function toView(row: RunRow): RunView {
  const generation = row.promptOptions.generation as { model?: unknown } | undefined;
  return {
    id: row.id,
    promptVersionId: row.promptVersionId,
    promptVersion: row.promptVersion,
    model: typeof generation?.model === "string" ? generation.model : "",
    status: row.status,
    itemLimit: row.itemLimit,
    retryOf: row.retryOf,
    progress: runProgressOf(row.progress),
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function selectRuns(db: Executor) {
  return db
    .select(runColumns)
    .from(prelabelRuns)
    .innerJoin(promptVersions, eq(promptVersions.id, prelabelRuns.promptVersionId))
    .leftJoin(users, eq(users.id, prelabelRuns.createdBy));
}

export async function getRun({
  db,
  runId,
  projectId,
}: {
  db: Executor;
  runId: number;
  projectId?: string;
}): Promise<(RunView & { projectId: string }) | undefined> {
  const row = (await selectRuns(db).where(and(eq(prelabelRuns.id, runId), projectId === undefined ? undefined : eq(prelabelRuns.projectId, projectId))))[0];
  return row ? { ...toView(row), projectId: row.projectId } : undefined;
}

/** Newest first. */
export async function listRuns({ db, projectId, limit = 50 }: { db: Executor; projectId: string; limit?: number }): Promise<RunView[]> {
  return (await selectRuns(db).where(eq(prelabelRuns.projectId, projectId)).orderBy(desc(prelabelRuns.id)).limit(limit)).map(toView);
}

/** Every run whose status says it is executing, in any project: after a restart, the ones to resume. */
export async function runsMarkedRunning({ db }: { db: Executor }): Promise<(RunView & { projectId: string })[]> {
  return (await selectRuns(db).where(eq(prelabelRuns.status, "running")).orderBy(prelabelRuns.id)).map((row) => ({ ...toView(row), projectId: row.projectId }));
}

async function assertNoOtherRunning(tx: Executor, promptVersionId: number, exceptRunId: number | null): Promise<void> {
  const other = (
    await tx
      .select({ id: prelabelRuns.id })
      .from(prelabelRuns)
      .where(
        and(
          eq(prelabelRuns.promptVersionId, promptVersionId),
          eq(prelabelRuns.status, "running"),
          exceptRunId === null ? undefined : ne(prelabelRuns.id, exceptRunId),
        ),
      )
      .limit(1)
  )[0];
  if (other) {
    throw new GoldsetError("conflict", `Run ${other.id} is already running for this prompt version: pause or cancel it first, or wait for it to finish.`);
  }
}

/** A run that would ask about nothing is refused with the reason, instead of recorded as an empty completed run. */
async function assertSomethingToAsk(
  tx: Executor,
  { projectId, promptVersionId, retryOf }: { projectId: string; promptVersionId: number; retryOf: number | null },
): Promise<void> {
  const version = (
    await tx
      .select({ version: promptVersions.version })
      .from(promptVersions)
      .where(and(eq(promptVersions.id, promptVersionId), eq(promptVersions.projectId, projectId)))
      .limit(1)
  )[0];
  if (!version) throw new GoldsetError("not_found", `There is no prompt version with id ${promptVersionId} in this project.`);
  if ((await countItemsToAsk({ db: tx, projectId, version: version.version, retryOf })) > 0) return;
  const examples = (await exampleTextsByVersion({ db: tx, projectId, versions: [version.version] })).get(version.version)?.size ?? 0;
  const fewShotNote = examples > 0 ? `, or is where one of its ${examples} few-shot examples comes from (never asked about)` : "";
  throw new GoldsetError(
    "conflict",
    retryOf === null
      ? `Nothing to ask: every item already has a valid answer for prompt v${version.version}${fewShotNote}. Save a new prompt version or import more items to run again.`
      : `Nothing to retry: every item run ${retryOf} got an invalid answer for has a valid answer for prompt v${version.version} now.`,
  );
}

export async function createRun({
  db,
  projectId,
  promptVersionId,
  itemLimit,
  retryOf = null,
  actorId,
  owner,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  promptVersionId: number;
  itemLimit: number | null;
  /** Makes a retry run: it asks again only about the items this run got an invalid answer for. */
  retryOf?: number | null;
  actorId: string | null;
  owner: RunOwner;
  now?: Date;
}): Promise<RunView> {
  return await db.transaction(async (tx) => {
    await assertNoOtherRunning(tx, promptVersionId, null);
    await assertSomethingToAsk(tx, { projectId, promptVersionId, retryOf });
    const progress: RunProgress = { ...EMPTY_RUN_PROGRESS, owner, updatedAt: now.toISOString() };
    const row = (
      await tx
        .insert(prelabelRuns)
        .values({
          projectId,
          promptVersionId,
          status: "running",
          itemLimit,
          retryOfRunId: retryOf,
          progress: { ...progress },
          createdBy: actorId,
          createdAt: now,
        })
        .returning({ id: prelabelRuns.id })
    )[0]!;
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "llm.run.start",
      targetType: "prelabel_run",
      targetId: row.id,
      details: { promptVersionId, itemLimit, retryOf, runner: owner.kind },
    });
    return (await getRun({ db: tx, runId: row.id }))!;
  });
}

/**
 * Marks a paused or interrupted run as running again under `owner`. `actorId` is null when a job
 * runner takes over a run whose runner died (lib/llm/runs/llm-run-job.ts); the audit says which.
 * Only the runner holding the run's job calls this for a running run, so two cannot both resume it.
 */
export async function markRunResumed({
  db,
  runId,
  owner,
  actorId,
  now = new Date(),
}: {
  db: Db;
  runId: number;
  owner: RunOwner;
  actorId: string | null;
  now?: Date;
}): Promise<RunView> {
  return await db.transaction(async (tx) => {
    const run = await getRun({ db: tx, runId });
    if (!run) throw new GoldsetError("not_found", `No run ${runId}.`);
    if (run.status !== "paused" && run.status !== "running") {
      throw new GoldsetError("conflict", `Run ${runId} is ${run.status.replace("_", " ")}; only a paused run can be resumed. Start a new run instead.`);
    }
    await assertNoOtherRunning(tx, run.promptVersionId, runId);
    const progress = { ...run.progress, owner, stoppedReason: null, etaSeconds: null, inFlight: 0, updatedAt: now.toISOString() };
    await tx.update(prelabelRuns).set({ status: "running", error: null, progress }).where(eq(prelabelRuns.id, runId));
    await recordAudit(tx, {
      projectId: run.projectId,
      actorId,
      action: actorId === null ? "llm.run.recover" : "llm.run.resume",
      targetType: "prelabel_run",
      targetId: runId,
      details: { runner: owner.kind, previousStatus: run.status },
    });
    return (await getRun({ db: tx, runId }))!;
  });
}

/**
 * A lead's pause or cancel. The status changes at once; the executing process sees it at its next
 * poll, lets (pause) or stops (cancel) the requests in flight, and then records its final progress.
 */
export async function requestRunStop({
  db,
  projectId,
  runId,
  request,
  actorId,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  runId: number;
  request: "pause" | "cancel";
  actorId: string | null;
  now?: Date;
}): Promise<RunView> {
  return await db.transaction(async (tx) => {
    const run = await getRun({ db: tx, runId, projectId });
    if (!run) throw new GoldsetError("not_found", `No run ${runId} in this project.`);
    const allowed = request === "pause" ? run.status === "running" : run.status === "running" || run.status === "paused";
    if (!allowed)
      throw new GoldsetError("conflict", `Run ${runId} is ${run.status.replace("_", " ")}; it cannot be ${request === "pause" ? "paused" : "cancelled"}.`);
    const status: RunStatus = request === "pause" ? "paused" : "cancelled";
    // A paused run has no process to record its end, so cancelling it finishes it here.
    const finishedAt = status === "cancelled" && run.status === "paused" ? now : null;
    await tx.update(prelabelRuns).set({ status, finishedAt }).where(eq(prelabelRuns.id, runId));
    await recordAudit(tx, {
      projectId,
      actorId,
      action: `llm.run.${request}`,
      targetType: "prelabel_run",
      targetId: runId,
      details: { previousStatus: run.status },
    });
    return (await getRun({ db: tx, runId }))!;
  });
}

/**
 * Records how an execution ended. A cancel requested while the run was winding down wins over the
 * engine's own reason, so a run the lead cancelled never reads as paused; a resume requested while
 * it wound down from a pause takes the pause back: the run stays running, and the job the resume
 * queued carries on once this execution's job has ended.
 */
export async function finishRunExecution({
  db,
  runId,
  status,
  error,
  now = new Date(),
}: {
  db: Db;
  runId: number;
  status: RunStatus;
  error: string | null;
  now?: Date;
}): Promise<RunView> {
  return await db.transaction(async (tx) => {
    const run = await getRun({ db: tx, runId });
    if (!run) throw new GoldsetError("not_found", `No run ${runId}.`);
    if (status === "paused" && run.status === "running") return run;
    const final: RunStatus = run.status === "cancelled" ? "cancelled" : status;
    const finishedAt = final === "paused" ? null : now;
    await tx.update(prelabelRuns).set({ status: final, error, finishedAt }).where(eq(prelabelRuns.id, runId));
    await recordAudit(tx, {
      projectId: run.projectId,
      actorId: null,
      action: "llm.run.stop",
      targetType: "prelabel_run",
      targetId: runId,
      details: { status: final, done: run.progress.done, failed: run.progress.failed, tokens: run.progress.tokens, error },
    });
    if (final !== "paused" && final !== "running" && final !== "queued") {
      await emitWebhookEvent(tx, {
        projectId: run.projectId,
        event: "llm_run.finished",
        data: { runId, status: final, error, progress: run.progress },
        now,
      });
    }
    return (await getRun({ db: tx, runId }))!;
  });
}

/** What earlier executions of a run stored, counted from the suggestions themselves. */
export async function runBaseline({ db, runId }: { db: Executor; runId: number }): Promise<RunBaseline> {
  const row = (
    await db
      .select({
        done: sql<number>`coalesce(sum(case when ${suggestions.status} <> 'request_error' then 1 else 0 end), 0)`,
        invalid: sql<number>`coalesce(sum(case when ${suggestions.status} not in ('ok', 'request_error') then 1 else 0 end), 0)`,
        failed: sql<number>`coalesce(sum(case when ${suggestions.status} = 'request_error' then 1 else 0 end), 0)`,
        retried: sql<number>`coalesce(sum(${suggestions.attempts} - 1), 0)`,
        tokens: sql<number>`coalesce(sum(coalesce(${suggestions.promptTokens}, 0) + coalesce(${suggestions.completionTokens}, 0)), 0)`,
      })
      .from(suggestions)
      .where(and(eq(suggestions.runId, runId), eq(suggestions.sourceKind, "llm")))
      .limit(1)
  )[0];
  return { done: row?.done ?? 0, invalid: row?.invalid ?? 0, failed: row?.failed ?? 0, retried: row?.retried ?? 0, tokens: row?.tokens ?? 0 };
}
