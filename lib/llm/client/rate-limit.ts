import "server-only";
import { abortableDelay } from "./abortable-delay";

/**
 * The two limits a provider enforces on a connection: how many requests may be in flight at once
 * and how many may start per minute. Both wait in FIFO order and give up when the caller's signal
 * aborts (a paused or cancelled run).
 */

export class ConcurrencyLimiter {
  readonly maxInFlight: number;
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
    }
    this.maxInFlight = maxInFlight;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Resolves once a slot is held; the caller must call release() exactly once afterwards. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.maxInFlight && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active--;
  }
}

/**
 * Token bucket state, kept pure so its arithmetic can be checked without a clock. Tokens refill
 * continuously at `ratePerMinute / 60_000` per ms up to `capacity`.
 */
export interface TokenBucket {
  ratePerMinute: number;
  capacity: number;
  tokens: number;
  updatedAtMs: number;
}

export function createTokenBucket(ratePerMinute: number, capacity: number, nowMs: number): TokenBucket {
  return { ratePerMinute, capacity, tokens: capacity, updatedAtMs: nowMs };
}

/** Takes one token if available (returns 0), else returns how many ms until one will be. */
export function takeToken(bucket: TokenBucket, nowMs: number): number {
  const refillPerMs = bucket.ratePerMinute / 60_000;
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs);
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * refillPerMs);
  bucket.updatedAtMs = nowMs;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.ceil((1 - bucket.tokens) / refillPerMs);
}

/**
 * Requests per minute. The default burst is one second's worth of requests (at least one): a full
 * minute's burst at start-up would let twice the limit through in the first minute, and providers
 * measure over windows shorter than a minute.
 */
export class RequestRateLimiter {
  private readonly bucket: TokenBucket | null;
  private holdUntilMs = 0;
  private queue: Promise<void> = Promise.resolve();

  /** `requestsPerMinute` null means no per-minute limit; holds (after a 429) still apply. */
  constructor(requestsPerMinute: number | null, burst?: number) {
    if (requestsPerMinute !== null && !(requestsPerMinute > 0)) {
      throw new RangeError(`requestsPerMinute must be positive or null, got ${requestsPerMinute}`);
    }
    this.bucket =
      requestsPerMinute === null
        ? null
        : createTokenBucket(requestsPerMinute, burst ?? Math.max(1, Math.ceil(requestsPerMinute / 60)), performance.now());
  }

  /** No request starts before `untilMs` (performance.now() time), e.g. after a 429 with Retry-After. */
  holdUntil(untilMs: number): void {
    this.holdUntilMs = Math.max(this.holdUntilMs, untilMs);
  }

  /** Resolves when the caller may start one request. Callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    // A caller that gave up must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = performance.now();
      if (now < this.holdUntilMs) {
        await abortableDelay(this.holdUntilMs - now, signal);
        continue;
      }
      if (this.bucket === null) return;
      const waitMs = takeToken(this.bucket, now);
      if (waitMs === 0) return;
      await abortableDelay(waitMs, signal);
    }
  }
}
