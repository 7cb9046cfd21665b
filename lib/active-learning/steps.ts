/**
 * Long computations (training, scoring, the cold-start order) come as generators that yield after
 * each bounded piece of work. The pure code never waits or reads a clock: whoever runs it decides
 * what happens between pieces. The browser, the CLI and the tests run them straight through
 * (`runSteps`); the server hands its event loop to other requests every few milliseconds (see
 * lib/active-learning/server/event-loop-slices.ts). Where the pauses fall never changes a result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the computation to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Multiply-adds per step. Measured on the sparse training kernels, where each one comes with an
 * index lookup and a likely cache miss, this is about a millisecond (dense ones run several times
 * faster): a runner that checks the clock between steps overshoots its slice by little, while a
 * step still costs far more than the yield.
 */
export const WORK_PER_STEP = 1 << 18;

/** How many units of `cost` work fit in a step (at least `multiple`, and a multiple of it). */
export function unitsPerStep(cost: number, multiple = 1): number {
  const units = Math.floor(WORK_PER_STEP / Math.max(1, cost));
  return Math.max(multiple, units - (units % multiple));
}

/** A stepped computation whose steps also wait on I/O (the database): awaited step by step. */
export type AsyncSteps<T> = AsyncGenerator<void, T, void>;

/** Runs an async stepped computation to its end without pausing. */
export async function runAsyncSteps<T>(steps: AsyncSteps<T>): Promise<T> {
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
  }
}
