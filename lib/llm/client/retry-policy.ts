import "server-only";
import { abortableDelay } from "./abortable-delay";
import { ChatRequestError } from "./chat-error";

/**
 * When and how long to retry a chat request. Transient failures (429, 5xx, timeouts, network) are
 * retried with exponential backoff and full jitter, so many workers that failed together do not
 * come back together; a 4xx other than 429 means the request itself is wrong and is never retried.
 */

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this gives up on the item instead of holding a worker for hours. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Returns a number in [0, 1); injectable so tests can pin the jitter. */
export type RandomSource = () => number;

export function isRetryable(error: ChatRequestError): boolean {
  switch (error.kind) {
    case "rate_limited":
    case "server_error":
    case "timeout":
    case "network":
      return true;
    case "bad_request":
    case "auth":
    case "invalid_response":
    case "refused_host":
    case "cancelled":
      return false;
  }
}

/**
 * Parses a Retry-After header: delta-seconds ("2", "0.5") or an HTTP date. Returns milliseconds
 * from `nowMs` (never negative), or null when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (value === "") return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // Every HTTP-date form names its month; without that check Date.parse accepts "-1" as a year.
  const dateMs = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

/**
 * Delay before retry number `retry` (1 for the first retry). Full jitter: uniform in
 * [0, min(maxDelay, base * 2^(retry-1))]. A server-sent Retry-After is a floor, with a little
 * jitter on top so callers throttled together spread out again.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, error: ChatRequestError, random: RandomSource): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  if (error.retryAfterMs !== null) {
    return error.retryAfterMs + Math.floor(random() * policy.baseDelayMs);
  }
  return Math.floor(random() * ceiling);
}

export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: ChatRequestError; attempts: number };

export interface RetryHooks {
  signal?: AbortSignal;
  random?: RandomSource;
  /** Called before each wait, e.g. to count retries or to hold the whole run during a 429. */
  onRetry?: (event: { error: ChatRequestError; attempt: number; delayMs: number }) => void;
}

function toChatError(error: unknown): ChatRequestError {
  if (error instanceof ChatRequestError) return error;
  throw error;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Only ChatRequestError is handled; anything else is a bug and propagates.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<RetryOutcome<T>> {
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    let error: ChatRequestError;
    try {
      return { ok: true, value: await operation(attempt), attempts: attempt };
    } catch (thrown) {
      error = toChatError(thrown);
    }
    const tooLongToWait = error.retryAfterMs !== null && error.retryAfterMs > policy.maxRetryAfterMs;
    if (!isRetryable(error) || attempt >= policy.maxAttempts || tooLongToWait) {
      return { ok: false, error, attempts: attempt };
    }
    const delayMs = retryDelayMs(policy, attempt, error, random);
    hooks.onRetry?.({ error, attempt, delayMs });
    try {
      await abortableDelay(delayMs, hooks.signal);
    } catch {
      return { ok: false, error: new ChatRequestError("cancelled", "Request cancelled while waiting to retry"), attempts: attempt };
    }
  }
}
