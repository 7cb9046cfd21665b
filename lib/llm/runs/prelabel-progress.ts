import "server-only";
import type { PrelabelProgress, StopReason } from "./prelabel-store";

/**
 * Counts a run's progress and publishes it at most once per interval (plus once at the end), so a
 * fast run does not turn into one database write per item. Publications are serialised so the
 * store never sees an older snapshot after a newer one.
 */

export type ProgressCounts = Pick<PrelabelProgress, "done" | "invalid" | "failed" | "retried">;

export class ProgressTracker {
  readonly counts: ProgressCounts = { done: 0, invalid: 0, failed: 0, retried: 0 };
  private readonly startedAtMs = performance.now();
  private lastPublishedAtMs = Number.NEGATIVE_INFINITY;
  private trailingTimer: ReturnType<typeof setTimeout> | null = null;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly identity: { runId: string; promptVersionId: string; total: number },
    private readonly readGauges: () => { tokens: number; inFlight: number },
    private readonly publish: (progress: PrelabelProgress) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onPublishError: (error: unknown) => void,
  ) {}

  snapshot(stoppedReason: StopReason | null): PrelabelProgress {
    const { done, failed } = this.counts;
    const finished = done + failed;
    const elapsedSeconds = (performance.now() - this.startedAtMs) / 1000;
    const remaining = Math.max(0, this.identity.total - finished);
    // Average rate since the start: steady enough for a progress bar, and it includes 429 pauses.
    const etaSeconds = stoppedReason !== null || finished === 0 ? null : Math.round((remaining * elapsedSeconds) / finished);
    return { ...this.identity, ...this.counts, ...this.readGauges(), etaSeconds, stoppedReason };
  }

  /** Something changed: publish now if the interval has passed, else once it has. */
  changed(): void {
    if (this.trailingTimer !== null) return;
    const wait = this.lastPublishedAtMs + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.enqueue(this.snapshot(null));
      return;
    }
    this.trailingTimer = setTimeout(() => {
      this.trailingTimer = null;
      this.enqueue(this.snapshot(null));
    }, wait);
  }

  /** The final snapshot; resolves once every publication has been handed over. */
  async finish(stoppedReason: StopReason): Promise<PrelabelProgress> {
    if (this.trailingTimer !== null) clearTimeout(this.trailingTimer);
    this.trailingTimer = null;
    const final = this.snapshot(stoppedReason);
    this.enqueue(final);
    await this.publishing;
    return final;
  }

  private enqueue(progress: PrelabelProgress): void {
    this.lastPublishedAtMs = performance.now();
    this.publishing = this.publishing.then(() => this.publish(progress)).catch(this.onPublishError);
  }
}
