import "server-only";

/**
 * Waits `ms` milliseconds on the monotonic clock, or rejects with the signal's reason when aborted.
 * Node timers can fire a millisecond early relative to performance.now(); callers that honour a
 * server's Retry-After must never come back early, so an early wake-up sleeps the remainder.
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  const deadline = performance.now() + ms;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const wait = (remaining: number) => {
      timer = setTimeout(() => {
        const left = deadline - performance.now();
        if (left > 0) {
          wait(left);
          return;
        }
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, Math.ceil(remaining)));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    wait(ms);
  });
}
