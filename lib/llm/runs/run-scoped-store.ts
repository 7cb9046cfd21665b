import "server-only";
import type { PendingItem, PrelabelProgress, PrelabelStore } from "./prelabel-store";

/**
 * Adapts a store to one execution of a stored run, for two things the engine does not know about:
 *
 * - An item limit ("ask about at most N items"), counted over the whole run: items answered or
 *   given up on by earlier executions count, items handed out and given back (pause, cancel) do
 *   not.
 * - Cumulative progress: the engine counts from zero each time it starts, so a resumed run's
 *   published progress adds what earlier executions stored (the baseline).
 */

export interface RunBaseline {
  done: number;
  invalid: number;
  failed: number;
  retried: number;
  tokens: number;
}

export const EMPTY_BASELINE: RunBaseline = { done: 0, invalid: 0, failed: 0, retried: 0, tokens: 0 };

export function scopeStoreToRun(store: PrelabelStore, { limit, baseline }: { limit: number | null; baseline: RunBaseline }): PrelabelStore {
  const finishedBefore = baseline.done + baseline.failed;
  let handedOut = 0;
  const quota = () => (limit === null ? Number.POSITIVE_INFINITY : Math.max(0, limit - finishedBefore - handedOut));

  return {
    async countPendingItems(request) {
      const pending = await store.countPendingItems(request);
      return limit === null ? pending : Math.min(pending, Math.max(0, limit - finishedBefore));
    },
    async claimPendingItems(request): Promise<PendingItem[]> {
      const allowed = Math.min(request.limit, quota());
      if (allowed <= 0) return [];
      const claimed = await store.claimPendingItems({ ...request, limit: allowed });
      handedOut += claimed.length;
      return claimed;
    },
    async releaseClaims(request) {
      await store.releaseClaims(request);
      handedOut -= request.itemIds.length;
    },
    recordAnswer: (answer) => store.recordAnswer(answer),
    recordFailure: (failure) => store.recordFailure(failure),
    async recordProgress(progress: PrelabelProgress) {
      await store.recordProgress({
        ...progress,
        total: progress.total + finishedBefore,
        done: progress.done + baseline.done,
        invalid: progress.invalid + baseline.invalid,
        failed: progress.failed + baseline.failed,
        retried: progress.retried + baseline.retried,
        tokens: progress.tokens + baseline.tokens,
      });
    },
    shouldStop: (request) => store.shouldStop(request),
  };
}

/** What is left of a token budget after earlier executions; null stays unlimited. */
export function remainingTokenBudget(budget: number | null, baseline: RunBaseline): number | null {
  return budget === null ? null : budget - baseline.tokens;
}
