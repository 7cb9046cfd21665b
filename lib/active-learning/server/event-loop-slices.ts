/**
 * The write of a retrain's results runs in the app's server process, on the same event loop as
 * every request (the computing runs in a worker thread, retrain-worker.ts). It runs in slices of
 * about SLICE_MS: between slices the loop turns (setImmediate runs after pending I/O), so a
 * request that arrives during the write waits for one slice, not for the whole write.
 */
import "server-only";
import type { AsyncSteps, Steps } from "@/lib/active-learning/steps";

/** Long enough that the yields cost nothing measurable, short enough that nobody notices the wait. */
export const SLICE_MS = 15;

export interface EventLoopSlices {
  /** Whether the current slice has used up its time. */
  due(): boolean;
  /** Lets the event loop turn, then starts a new slice. */
  pause(): Promise<void>;
}

export function eventLoopSlices(sliceMs = SLICE_MS): EventLoopSlices {
  let sliceStart = performance.now();
  return {
    due: () => performance.now() - sliceStart >= sliceMs,
    pause: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    },
  };
}

/** Runs a stepped computation to its end, pausing between steps whenever a slice is used up. */
export async function runInSlices<T>(steps: Steps<T> | AsyncSteps<T>, slices: EventLoopSlices): Promise<T> {
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
    if (slices.due()) await slices.pause();
  }
}
