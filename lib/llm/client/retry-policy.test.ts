import { describe, expect, it } from "vitest";
import { ChatRequestError, type ChatErrorKind } from "./chat-error";
import { isRetryable, parseRetryAfter, retryDelayMs, withRetry, type RetryPolicy } from "./retry-policy";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 8, maxRetryAfterMs: 1_000 };

function failing(kind: ChatErrorKind, retryAfterMs: number | null = null): ChatRequestError {
  return new ChatRequestError(kind, `scripted ${kind}`, { retryAfterMs });
}

describe("parseRetryAfter", () => {
  it("reads delta-seconds, including fractions", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter(" 0.25 ")).toBe(250);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:03 GMT", now)).toBe(3_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
  });

  it("returns null for a missing or unreadable header", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter("-1")).toBeNull();
  });
});

describe("retry decisions", () => {
  it("retries transient failures and never 4xx other than 429", () => {
    expect((["rate_limited", "server_error", "timeout", "network"] as const).every((kind) => isRetryable(failing(kind)))).toBe(true);
    expect((["bad_request", "auth", "invalid_response", "cancelled"] as const).some((kind) => isRetryable(failing(kind)))).toBe(false);
  });

  it("draws full jitter below an exponentially growing, capped ceiling", () => {
    const wide: RetryPolicy = { ...policy, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelayMs(wide, 1, failing("server_error"), () => 0.999)).toBe(99);
    expect(retryDelayMs(wide, 3, failing("server_error"), () => 0.5)).toBe(200);
    expect(retryDelayMs(wide, 10, failing("server_error"), () => 0.999)).toBe(999);
    expect(retryDelayMs(wide, 3, failing("server_error"), () => 0)).toBe(0);
  });

  it("treats Retry-After as a floor", () => {
    const wide: RetryPolicy = { ...policy, baseDelayMs: 100 };
    expect(retryDelayMs(wide, 1, failing("rate_limited", 2_000), () => 0)).toBe(2_000);
    expect(retryDelayMs(wide, 1, failing("rate_limited", 2_000), () => 0.5)).toBe(2_050);
  });
});

describe("withRetry", () => {
  it("retries until the operation succeeds and reports the attempts", async () => {
    const errors = [failing("server_error"), failing("timeout"), failing("network")];
    const retries: number[] = [];
    const outcome = await withRetry(
      async (attempt) => {
        const error = errors.shift();
        if (error) throw error;
        return `answered on attempt ${attempt}`;
      },
      policy,
      { onRetry: ({ attempt }) => retries.push(attempt) },
    );
    expect(outcome).toEqual({ ok: true, value: "answered on attempt 4", attempts: 4 });
    expect(retries).toEqual([1, 2, 3]);
  });

  it("gives up after maxAttempts", async () => {
    let calls = 0;
    const outcome = await withRetry(async () => {
      calls++;
      throw failing("server_error");
    }, policy);
    expect(calls).toBe(4);
    expect(outcome).toMatchObject({ ok: false, attempts: 4, error: { kind: "server_error" } });
  });

  it.each(["bad_request", "auth"] as const)("never retries %s", async (kind) => {
    let calls = 0;
    const outcome = await withRetry(async () => {
      calls++;
      throw failing(kind);
    }, policy);
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { kind } });
  });

  it("gives up rather than wait for a Retry-After beyond maxRetryAfterMs", async () => {
    let calls = 0;
    const outcome = await withRetry(async () => {
      calls++;
      throw failing("rate_limited", 3_600_000);
    }, policy);
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "rate_limited" } });
  });

  it("stops waiting and reports cancelled when the signal aborts during a backoff", async () => {
    const controller = new AbortController();
    const outcome = withRetry(
      async () => {
        throw failing("rate_limited", 900);
      },
      policy,
      { signal: controller.signal, onRetry: () => controller.abort() },
    );
    await expect(outcome).resolves.toMatchObject({ ok: false, attempts: 1, error: { kind: "cancelled" } });
  });

  it("lets errors that are not ChatRequestError through: they are bugs, not outages", async () => {
    await expect(withRetry(async () => Promise.reject(new TypeError("bug")), policy)).rejects.toThrow(TypeError);
  });
});
