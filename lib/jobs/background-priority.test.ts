// Job threads run at a background nice value, and only they do: the request thread (the process's
// main thread) keeps its priority. Read from the kernel's own per-thread figures (/proc), Linux only.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JOB_THREAD_NICE, currentThreadId, runAtBackgroundPriority } from "./background-priority";
import { startJobThread } from "./job-thread";

const linux = process.platform === "linux";

/** Field 19 of /proc/<pid>/task/<tid>/stat (the fields after the command name start at field 3). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

function threadsAt(nice: number): Set<number> {
  return new Set(
    readdirSync(`/proc/${process.pid}/task`)
      .map(Number)
      .filter((tid) => {
        try {
          return niceOf(tid) === nice;
        } catch {
          return false; // the thread ended while we looked
        }
      }),
  );
}

describe.runIf(linux)("job threads' priority", () => {
  it("never renices the main thread, which is the process", () => {
    const before = niceOf(process.pid);
    expect(currentThreadId()).toBe(process.pid);
    expect(runAtBackgroundPriority()).toBe(false);
    expect(niceOf(process.pid)).toBe(before);
  });

  it("runs a job's worker thread at the background nice value, and leaves the main thread's alone", async () => {
    const mainBefore = niceOf(process.pid);
    expect(mainBefore).toBeLessThan(JOB_THREAD_NICE);
    const backgroundBefore = threadsAt(JOB_THREAD_NICE);
    const thread = startJobThread();
    try {
      // Any answer (here an error for an unknown operation) means the worker's start-up code has run.
      await expect(thread.call("no-such-op", null)).rejects.toThrow('no operation "no-such-op"');
      const added = [...threadsAt(JOB_THREAD_NICE)].filter((tid) => !backgroundBefore.has(tid));
      expect(added).toHaveLength(1);
      expect(niceOf(process.pid)).toBe(mainBefore);
    } finally {
      await thread.close();
    }
  });
});
