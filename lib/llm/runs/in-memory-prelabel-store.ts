import "server-only";
import type {
  PendingItem,
  PrelabelAnswer,
  PrelabelFailure,
  PrelabelProgress,
  PrelabelStore,
  StopRequest,
} from "./prelabel-store";

/**
 * A PrelabelStore kept in memory, for tests and the benchmark only: nothing survives the process.
 * It follows the same contract the SQLite store must (see prelabel-store.ts), and additionally
 * records when each answer was stored so tests can check that no item is asked about afterwards.
 */

export interface StoredAnswer extends PrelabelAnswer {
  /** performance.now() when recordAnswer stored it. */
  storedAtMs: number;
}

function mapEntry<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

export class InMemoryPrelabelStore implements PrelabelStore {
  readonly items: readonly PendingItem[];
  readonly failures: PrelabelFailure[] = [];
  readonly progressEvents: PrelabelProgress[] = [];
  /** Answers offered for an item that already had one: recordAnswer calls that stored nothing. */
  duplicateAnswerAttempts = 0;
  /** promptVersionId → itemId → latest answer; an invalid one (no suggestion) leaves the item pending. */
  private readonly answersByVersion = new Map<string, Map<string, StoredAnswer>>();
  /** promptVersionId → itemId → runId holding the claim. */
  private readonly claimsByVersion = new Map<string, Map<string, string>>();
  private readonly stopRequests = new Map<string, StopRequest>();

  constructor(items: readonly PendingItem[]) {
    this.items = items;
  }

  get answers(): StoredAnswer[] {
    return [...this.answersByVersion.values()].flatMap((answers) => [...answers.values()]);
  }

  answerFor(itemId: string, promptVersionId: string): StoredAnswer | undefined {
    return this.answersByVersion.get(promptVersionId)?.get(itemId);
  }

  /** Stands in for the app's "pause"/"cancel" buttons, read by shouldStop. */
  requestStop(runId: string, request: StopRequest): void {
    this.stopRequests.set(runId, request);
  }

  private answersFor(promptVersionId: string): Map<string, StoredAnswer> {
    return mapEntry(this.answersByVersion, promptVersionId);
  }

  private claimsFor(promptVersionId: string): Map<string, string> {
    return mapEntry(this.claimsByVersion, promptVersionId);
  }

  private answered(promptVersionId: string, itemId: string): boolean {
    return (this.answersFor(promptVersionId).get(itemId)?.suggestion ?? null) !== null;
  }

  async countPendingItems({ promptVersionId }: { promptVersionId: string }): Promise<number> {
    return this.items.filter((item) => !this.answered(promptVersionId, item.itemId)).length;
  }

  async claimPendingItems({ promptVersionId, runId, limit }: { promptVersionId: string; runId: string; limit: number }): Promise<PendingItem[]> {
    const claims = this.claimsFor(promptVersionId);
    const claimed: PendingItem[] = [];
    for (const item of this.items) {
      if (claimed.length >= limit) break;
      if (this.answered(promptVersionId, item.itemId)) continue;
      if (claims.get(item.itemId) === runId) continue;
      claims.set(item.itemId, runId);
      claimed.push(item);
    }
    return claimed;
  }

  async releaseClaims({ promptVersionId, runId, itemIds }: { promptVersionId: string; runId: string; itemIds: string[] }): Promise<void> {
    const claims = this.claimsFor(promptVersionId);
    for (const itemId of itemIds) {
      if (claims.get(itemId) === runId) claims.delete(itemId);
    }
  }

  async recordAnswer(answer: PrelabelAnswer): Promise<{ stored: boolean }> {
    if (this.answered(answer.promptVersionId, answer.itemId)) {
      this.duplicateAnswerAttempts++;
      return { stored: false };
    }
    this.answersFor(answer.promptVersionId).set(answer.itemId, { ...answer, storedAtMs: performance.now() });
    // An invalid answer's claim stays with the run, as a failure's does: the next run asks again.
    if (answer.suggestion !== null) this.claimsFor(answer.promptVersionId).delete(answer.itemId);
    return { stored: true };
  }

  async recordFailure(failure: PrelabelFailure): Promise<void> {
    this.failures.push(failure);
  }

  async recordProgress(progress: PrelabelProgress): Promise<void> {
    this.progressEvents.push(progress);
  }

  async shouldStop({ runId }: { runId: string }): Promise<StopRequest | null> {
    return this.stopRequests.get(runId) ?? null;
  }
}
