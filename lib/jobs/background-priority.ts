/**
 * Lowers the scheduling priority of the calling thread, for the worker threads that run jobs'
 * CPU work (training, EM, bootstraps, exports). On a machine with few cores a busy worker thread
 * competes with the server's request thread for the same cores: bench:stall's CPU profiles of a
 * retrain at 300,000 items showed the request thread not scheduled at all for up to 60 ms at a
 * time (gaps between samples, which come once a millisecond while it runs). With a higher nice
 * value the kernel runs the request thread first and gives the job every cycle it leaves idle.
 *
 * Linux keeps a nice value per thread, and setpriority() given a thread id changes that thread
 * alone: the id comes from /proc/thread-self. Elsewhere (macOS, Windows) the call would renice the
 * whole process, request thread included, so nothing is changed there.
 */
import "server-only";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** The nice value job threads run at: 10 of 19, the usual "background" level. */
export const JOB_THREAD_NICE = 10;

/** This thread's kernel thread id, or null where /proc/thread-self does not exist. */
export function currentThreadId(): number | null {
  if (process.platform !== "linux") return null;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Gives this thread (never the process) the background nice value; returns whether it did. A
 * thread may always lower its own priority, so a failure means an unusual kernel, and the job
 * simply runs at normal priority.
 */
export function runAtBackgroundPriority(): boolean {
  const tid = currentThreadId();
  if (tid === null || tid === process.pid) return false;
  try {
    setPriority(tid, JOB_THREAD_NICE);
    return true;
  } catch {
    return false;
  }
}
