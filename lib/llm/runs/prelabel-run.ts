import "server-only";
import { setMaxListeners } from "node:events";
import type { ChatMessage } from "@/lib/llm/client/chat-client";
import type { ConnectionSettings } from "@/lib/llm/client/connection-settings";
import { askAboutItem, type ItemRequestContext } from "./prelabel-item";
import { ProgressTracker } from "./prelabel-progress";
import type { PendingItem, PrelabelProgress, PrelabelStore, StopReason } from "./prelabel-store";
import { assertValidPromptDefinition, promptHash, renderPromptMessages, type PromptVersion } from "@/lib/llm/prompts/prompt-template";
import { ConcurrencyLimiter, RequestRateLimiter } from "@/lib/llm/client/rate-limit";
import { defaultRetryPolicy, type RandomSource, type RetryPolicy } from "@/lib/llm/client/retry-policy";
import { PromptTokenEstimator, TokenBudget, type BudgetReservation } from "@/lib/llm/client/token-budget";

/**
 * The pre-labelling run: claims pending items from the store, asks the model about each within the
 * connection's limits (in flight, per minute, token budget), and stores every answer with its
 * provenance.
 *
 * Stopping: pause stops dispatching and lets requests in flight finish and be stored; cancel also
 * aborts them, and their items stay pending. Either way the run gives back its unused claims, and a
 * later run (new runId, same store) carries on without asking again about an answered item.
 */

export interface PrelabelLogEntry {
  level: "info" | "warn" | "error";
  message: string;
  itemId?: string;
}

export interface PrelabelRunOptions {
  /** The app's id for this run; claims are tied to it (see prelabel-store.ts). */
  runId: string;
  connection: ConnectionSettings;
  promptVersion: PromptVersion;
  store: PrelabelStore;
  retryPolicy?: Partial<RetryPolicy>;
  /** For backoff jitter; Math.random by default. */
  random?: RandomSource;
  /** Consecutive items given up on before the run stops as `too_many_failures` (server down, wrong model). */
  maxConsecutiveFailures?: number;
  progressIntervalMs?: number;
  /** How often store.shouldStop is polled while requests are in flight. */
  stopPollIntervalMs?: number;
  onProgress?: (progress: PrelabelProgress) => void;
  log?: (entry: PrelabelLogEntry) => void;
  /** For a spans prompt: whether placed quotes may overlap (the project's setting; off by default). */
  allowOverlap?: boolean;
}

/** Why a run stopped before running out of items. */
type EarlyStop = Exclude<StopReason, "completed">;

export interface PrelabelRunSummary extends PrelabelProgress {
  stoppedReason: StopReason;
}

export interface PrelabelRun {
  /** Resolves when the run has stopped and everything is stored; rejects if the store failed. */
  result: Promise<PrelabelRunSummary>;
  pause(): void;
  cancel(): void;
}

export class PromptVersionMismatchError extends Error {
  constructor(promptVersionId: string, storedHash: string, actualHash: string) {
    super(
      `Prompt version ${promptVersionId} was saved with hash ${storedHash}, but its definition now hashes to ${actualHash}. ` +
        "Its settings changed after it was created: save them as a new prompt version and run that.",
    );
    this.name = "PromptVersionMismatchError";
  }
}

export function startPrelabelRun(options: PrelabelRunOptions): PrelabelRun {
  const { promptVersion } = options;
  assertValidPromptDefinition(promptVersion.definition);
  const actualHash = promptHash(promptVersion.definition);
  if (actualHash !== promptVersion.hash) throw new PromptVersionMismatchError(promptVersion.id, promptVersion.hash, actualHash);

  const cancelController = new AbortController();
  const dispatchController = new AbortController();
  // Each request in flight listens on the cancel signal (twice while it backs off), so the default
  // limit of 10 would warn of a leak at ordinary concurrency; the bound below still catches one.
  setMaxListeners(options.connection.maxConcurrency * 2 + 10, cancelController.signal, dispatchController.signal);
  let stopReason: EarlyStop | null = null;
  let finished = false;

  const requestStop = (reason: EarlyStop) => {
    if (finished) return;
    if (reason === "cancelled") cancelController.abort();
    // Cancel overrides a pause already under way: the caller wants in-flight requests gone too.
    if (stopReason === null || reason === "cancelled") stopReason = reason;
    dispatchController.abort();
  };

  const result = executeRun(options, {
    cancelSignal: cancelController.signal,
    dispatchSignal: dispatchController.signal,
    requestStop,
    stopReason: () => stopReason,
  }).finally(() => {
    finished = true;
  });

  return { result, pause: () => requestStop("paused"), cancel: () => requestStop("cancelled") };
}

interface RunControl {
  cancelSignal: AbortSignal;
  dispatchSignal: AbortSignal;
  requestStop: (reason: EarlyStop) => void;
  stopReason: () => EarlyStop | null;
}

function promptChars(messages: ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + message.content.length, 0);
}

async function executeRun(options: PrelabelRunOptions, control: RunControl): Promise<PrelabelRunSummary> {
  const { runId, connection, promptVersion, store } = options;
  const promptVersionId = promptVersion.id;
  const log = options.log ?? (() => undefined);
  const maxConsecutiveFailures = options.maxConsecutiveFailures ?? 20;

  const concurrency = new ConcurrencyLimiter(connection.maxConcurrency);
  const requestRate = new RequestRateLimiter(connection.requestsPerMinute);
  const budget = new TokenBudget(connection.tokenBudget);
  const estimator = new PromptTokenEstimator();

  let fatalError: unknown = null;
  const failWith = (error: unknown) => {
    if (fatalError === null) fatalError = error;
    control.requestStop("cancelled");
  };

  const total = await store.countPendingItems({ promptVersionId });
  const progress = new ProgressTracker(
    { runId, promptVersionId, total },
    () => ({ tokens: budget.used, inFlight: concurrency.inFlight }),
    async (snapshot) => {
      options.onProgress?.(snapshot);
      await store.recordProgress(snapshot);
    },
    options.progressIntervalMs ?? 500,
    failWith,
  );

  const requestContext: ItemRequestContext = {
    runId,
    endpoint: connection,
    promptVersion,
    retryPolicy: { ...defaultRetryPolicy, ...options.retryPolicy },
    random: options.random ?? Math.random,
    signal: control.cancelSignal,
    allowOverlap: options.allowOverlap ?? false,
    onRetry: ({ error, attempt, delayMs }) => {
      progress.counts.retried++;
      progress.changed();
      // A Retry-After speaks for the whole connection: hold every new request, not just this item's.
      if (error.retryAfterMs !== null) requestRate.holdUntil(performance.now() + error.retryAfterMs);
      log({ level: "warn", message: `Attempt ${attempt} failed (${error.kind}); retrying in ${delayMs} ms: ${error.message}` });
    },
  };

  const pollStop = async () => {
    try {
      const request = await store.shouldStop({ runId });
      if (request !== null) control.requestStop(request === "pause" ? "paused" : "cancelled");
    } catch (error) {
      failWith(error);
    }
  };
  const stopPoller = setInterval(pollStop, options.stopPollIntervalMs ?? 1000);

  let consecutiveFailures = 0;
  const unasked: string[] = [];

  const processItem = async (item: PendingItem, messages: ChatMessage[], reservation: BudgetReservation) => {
    const outcome = await askAboutItem(requestContext, item, messages);
    switch (outcome.kind) {
      case "cancelled":
        budget.settle(reservation, 0);
        unasked.push(item.itemId);
        return;
      case "failed":
        budget.settle(reservation, 0);
        await store.recordFailure(outcome.failure);
        progress.counts.failed++;
        consecutiveFailures++;
        log({ level: "warn", itemId: item.itemId, message: `Gave up after ${outcome.failure.attempts} attempt(s): ${outcome.error.message}` });
        if (outcome.error.kind === "auth") control.requestStop("auth_failed");
        else if (consecutiveFailures >= maxConsecutiveFailures) control.requestStop("too_many_failures");
        return;
      case "answered": {
        const { usage } = outcome.answer.provenance;
        budget.settle(reservation, usage?.totalTokens ?? reservation.estimate);
        if (usage !== null) estimator.observe(promptChars(messages), usage.promptTokens);
        consecutiveFailures = 0;
        const { stored } = await store.recordAnswer(outcome.answer);
        if (!stored) {
          log({ level: "warn", itemId: item.itemId, message: "The item already had an answer for this prompt version; kept the earlier one" });
          return;
        }
        progress.counts.done++;
        if (outcome.answer.suggestion === null) progress.counts.invalid++;
      }
    }
  };

  const inFlight = new Set<Promise<void>>();
  const dispatchStopped = new Promise<void>((resolve) => {
    if (control.dispatchSignal.aborted) resolve();
    control.dispatchSignal.addEventListener("abort", () => resolve(), { once: true });
  });
  const buffer: PendingItem[] = [];
  let budgetExhausted = false;

  try {
    for (;;) {
      await pollStop();
      if (control.stopReason() !== null) break;
      if (buffer.length === 0) {
        buffer.push(...(await store.claimPendingItems({ promptVersionId, runId, limit: connection.maxConcurrency })));
        if (buffer.length === 0) {
          if (inFlight.size === 0) break;
          // Nothing left to claim yet; check again when a request finishes (items may be imported meanwhile).
          await Promise.race([dispatchStopped, ...inFlight]);
          continue;
        }
      }
      try {
        await concurrency.acquire(control.dispatchSignal);
      } catch {
        break;
      }
      const item = buffer[0] as PendingItem;
      const messages = renderPromptMessages(promptVersion.definition, item.text);
      const reservation = budget.tryReserve(estimator.estimate(promptChars(messages)) + promptVersion.definition.generation.maxTokens);
      if (reservation === null) {
        concurrency.release();
        budgetExhausted = true;
        break;
      }
      try {
        await requestRate.acquire(control.dispatchSignal);
      } catch {
        budget.settle(reservation, 0);
        concurrency.release();
        break;
      }
      buffer.shift();
      const task: Promise<void> = processItem(item, messages, reservation)
        .catch(failWith)
        .finally(() => {
          concurrency.release();
          inFlight.delete(task);
          progress.changed();
        });
      inFlight.add(task);
      progress.changed();
    }
  } catch (error) {
    failWith(error);
  }

  if (budgetExhausted && control.stopReason() === null) {
    log({ level: "info", message: `Token budget of ${connection.tokenBudget} reached; stopping` });
    control.requestStop("budget");
  }
  await Promise.all(inFlight);
  clearInterval(stopPoller);
  unasked.push(...buffer.map((item) => item.itemId));
  try {
    if (unasked.length > 0) await store.releaseClaims({ promptVersionId, runId, itemIds: unasked });
  } catch (error) {
    failWith(error);
  }
  const stoppedReason: StopReason = control.stopReason() ?? "completed";
  const summary = await progress.finish(stoppedReason);
  if (fatalError !== null) throw fatalError;
  log({ level: "info", message: `Run ${runId} stopped (${stoppedReason}): ${summary.done} answered, ${summary.failed} failed` });
  return { ...summary, stoppedReason };
}

