/**
 * A worker thread for one job's CPU work (issue 13: building export records, freezing a snapshot's
 * split, writing and hashing export files, agreement with bootstrap), so the request path never
 * waits behind it. The job's handler keeps the database reads and writes on the event loop, in
 * pages, and hands each page to the worker with `call`, one call at a time.
 *
 * One thread per job rather than a pool (piscina was weighed): Next compiles a worker into its
 * server bundle only from `new Worker(new URL("./file.ts", import.meta.url))`, while piscina takes
 * a file name the bundle does not have; the jobs are few, long and stateful (a split plan or an
 * open export is kept between calls), so a pool's reuse would save a start-up of a few tens of
 * milliseconds per job and cost sticky routing. Started as retrain-thread.ts starts its worker.
 */
import "server-only";
import { Worker } from "node:worker_threads";
import { GoldsetError } from "@/lib/errors";
import type { JobThreadCall, JobThreadReply } from "./job-thread-messages";

export interface JobThread {
  /** Runs `op` on the worker with `input` (structured-cloned, `transfer` moved) and resolves with its output. */
  call<T>(op: string, input: unknown, transfer?: ArrayBuffer[]): Promise<T>;
  /** Ends the worker; pending calls fail. */
  close(): Promise<void>;
}

/** Starts a worker thread, runs `work` with it, and ends the thread however `work` ends. */
export async function withJobThread<T>(work: (thread: JobThread) => Promise<T>): Promise<T> {
  const thread = startJobThread();
  try {
    return await work(thread);
  } finally {
    await thread.close();
  }
}

export function startJobThread(): JobThread {
  const worker = startWorker();
  const waiting = new Map<number, { resolve: (output: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let ended: Error | null = null;
  const fail = (error: Error) => {
    ended ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: JobThreadReply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) w?.resolve(reply.output);
    else w?.reject(threadError(reply));
  });
  worker.on("error", (error) => fail(new Error(`The job's worker thread failed: ${error.message}`)));
  worker.on("exit", (code) => fail(new Error(`The job's worker thread stopped (exit code ${code}) before it answered.`)));
  return {
    call<T>(op: string, input: unknown, transfer: ArrayBuffer[] = []) {
      if (ended) return Promise.reject(ended);
      const id = ++nextId;
      const message: JobThreadCall = { id, op, input };
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (output: unknown) => void, reject });
        worker.postMessage(message, transfer);
      });
    },
    async close() {
      ended ??= new Error("The job's worker thread was closed.");
      await worker.terminate();
    },
  };
}

/** The worker's error, rebuilt on this thread: its code for the CLI and routes, its stack for the log. */
function threadError({ message, code, stack }: Extract<JobThreadReply, { ok: false }>): Error {
  const error = code ? new GoldsetError(code, message) : new Error(message);
  if (stack) error.stack = stack;
  return error;
}

function startWorker(): Worker {
  // Inside Next (which sets NEXT_RUNTIME, and inlines it in its server bundles) the bundler
  // compiles the worker entry into a chunk of its own and rewrites this call to start that chunk.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./job-worker.ts", import.meta.url));
  // From source (tsx, Vitest, the CLI) the entry is TypeScript, which Node cannot start without
  // tsx's loader; job-worker-tsx.mjs registers it first. Its URLs avoid the pattern above, so the
  // bundler leaves them alone.
  const sibling = (name: string) => import.meta.url.replace(/job-thread\.ts$/, name);
  return new Worker(new URL(sibling("job-worker-tsx.mjs")), { workerData: { goldsetWorkerEntry: sibling("job-worker.ts") } });
}
