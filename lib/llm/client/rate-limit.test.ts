import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter, createTokenBucket, RequestRateLimiter, takeToken } from "./rate-limit";

describe("ConcurrencyLimiter", () => {
  it("never lets more than maxInFlight run, and runs all of them", async () => {
    const limiter = new ConcurrencyLimiter(3);
    let running = 0;
    let maxRunning = 0;
    let completed = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        await limiter.acquire();
        running++;
        maxRunning = Math.max(maxRunning, running);
        // Yield a varying number of turns so tasks finish out of order.
        for (let turn = 0; turn < index % 4; turn++) await Promise.resolve();
        running--;
        completed++;
        limiter.release();
      }),
    );
    expect(maxRunning).toBe(3);
    expect(completed).toBe(20);
    expect(limiter.inFlight).toBe(0);
  });

  it("serves waiters in arrival order", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n)));
    limiter.release();
    await waiters[0];
    limiter.release();
    await waiters[1];
    limiter.release();
    await waiters[2];
    expect(order).toEqual([1, 2, 3]);
  });

  it("drops a waiter whose signal aborts, without losing the slot", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal);
    controller.abort(new Error("paused"));
    await expect(abandoned).rejects.toThrow("paused");
    const next = limiter.acquire();
    limiter.release();
    await next;
    expect(limiter.inFlight).toBe(1);
  });
});

describe("token bucket", () => {
  it("allows a burst of `capacity`, then one request per 60_000 / rate ms", () => {
    const bucket = createTokenBucket(60, 2, 0);
    expect(takeToken(bucket, 0)).toBe(0);
    expect(takeToken(bucket, 0)).toBe(0);
    expect(takeToken(bucket, 0)).toBe(1_000);
    expect(takeToken(bucket, 400)).toBe(600);
    expect(takeToken(bucket, 1_000)).toBe(0);
    expect(takeToken(bucket, 1_000)).toBe(1_000);
  });

  it("never refills beyond capacity however long it idles", () => {
    const bucket = createTokenBucket(600, 3, 0);
    for (let index = 0; index < 3; index++) takeToken(bucket, 0);
    const allowed = [0, 0, 0, 0].map(() => takeToken(bucket, 3_600_000)).filter((wait) => wait === 0).length;
    expect(allowed).toBe(3);
  });

  it("starts at most rate + burst requests in any minute", () => {
    const bucket = createTokenBucket(120, 2, 0);
    let now = 0;
    let started = 0;
    while (now < 60_000) {
      const wait = takeToken(bucket, now);
      if (wait === 0) started++;
      else now += wait;
    }
    expect(started).toBeLessThanOrEqual(122);
    expect(started).toBeGreaterThanOrEqual(120);
  });
});

describe("RequestRateLimiter", () => {
  it("starts nothing before a hold expires", async () => {
    const limiter = new RequestRateLimiter(null);
    const holdUntil = performance.now() + 120;
    limiter.holdUntil(holdUntil);
    await limiter.acquire();
    expect(performance.now()).toBeGreaterThanOrEqual(holdUntil);
  });

  it("stops waiting when the signal aborts, and the callers behind still get through", async () => {
    const limiter = new RequestRateLimiter(600, 1);
    await limiter.acquire();
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal);
    const behind = limiter.acquire();
    controller.abort(new Error("cancelled"));
    await expect(abandoned).rejects.toThrow("cancelled");
    await expect(behind).resolves.toBeUndefined();
  });

  it("rejects a non-positive rate", () => {
    expect(() => new RequestRateLimiter(0)).toThrow(RangeError);
  });
});
