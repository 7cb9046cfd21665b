import { describe, expect, it } from "vitest";
import type { Steps } from "@/lib/active-learning/steps";
import { eventLoopSlices, runInSlices } from "./event-loop-slices";

function* countTo(steps: number, log: string[]): Steps<number> {
  for (let k = 1; k <= steps; k++) {
    log.push(`step ${k}`);
    yield;
  }
  return steps;
}

describe("runInSlices", () => {
  it("lets a request that arrived meanwhile run between slices, and returns the computation's result", async () => {
    const log: string[] = [];
    setImmediate(() => log.push("another request"));
    // A slice of 0 ms is always used up: every step is followed by a turn of the event loop.
    expect(await runInSlices(countTo(3, log), eventLoopSlices(0))).toBe(3);
    expect(log).toEqual(["step 1", "another request", "step 2", "step 3"]);
  });

  it("runs the steps of one slice back to back, the request waiting until they are done", async () => {
    const log: string[] = [];
    setImmediate(() => log.push("another request"));
    expect(await runInSlices(countTo(3, log), eventLoopSlices(60_000))).toBe(3);
    expect(log).toEqual(["step 1", "step 2", "step 3"]);
  });
});
