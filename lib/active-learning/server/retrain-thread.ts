/**
 * The server side of the retrain worker thread (retrain-worker.ts): posts a project's retrain
 * computation to it and receives the result, its typed arrays transferred rather than copied.
 *
 * One long-lived worker per process, started on the first retrain: it keeps the hashed features
 * and warm-start models between retrains (hashing is the slowest step of a retrain on the
 * fallback features), and computes one project's retrain at a time after another's. After
 * IDLE_MS without a retrain it ends, and its memory, caches included, goes with it; a crashed
 * worker fails the retrains it held and the next retrain starts a fresh one. It never keeps the
 * process alive by itself, only while a retrain waits on it.
 */
import "server-only";
import { Worker } from "node:worker_threads";
import type { Db } from "@/db";
import { GoldsetError } from "@/lib/errors";
import type { RetrainComputation } from "./compute-retrain";
import type { RetrainThreadReply, RetrainThreadRequest } from "./retrain-thread-messages";
import type { RetrainTrigger } from "./version-metrics";

/** Long enough to span the pauses of an annotation session, short enough to give back its memory. */
export const IDLE_MS = 5 * 60_000;

interface Waiting {
  readonly resolve: (computation: RetrainComputation) => void;
  readonly reject: (error: Error) => void;
}

interface RetrainThread {
  readonly worker: Worker;
  readonly waiting: Map<number, Waiting>;
  idleTimer: NodeJS.Timeout | null;
}

// On globalThis because Next may load this module once per route bundle: one worker per process.
const globalForThread = globalThis as unknown as { goldsetRetrainThread?: RetrainThread; goldsetRetrainJobId?: number };

/** Computes the project's retrain in the worker thread, reading the database `db` is open on. */
export function computeRetrainInThread({ db, projectId, trigger }: { db: Db; projectId: string; trigger: RetrainTrigger }): Promise<RetrainComputation> {
  if (db.$dialect === "sqlite" && db.$client.memory) throw new GoldsetError("bad_request", "A retrain reads the database from a worker thread, which cannot see an in-memory database: open a database file.");
  const thread = retrainThread();
  const id = (globalForThread.goldsetRetrainJobId = (globalForThread.goldsetRetrainJobId ?? 0) + 1);
  const request: RetrainThreadRequest = { kind: "compute", id, location: db.$location, projectId, trigger };
  return new Promise<RetrainComputation>((resolve, reject) => {
    thread.waiting.set(id, { resolve, reject });
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    thread.idleTimer = null;
    thread.worker.ref();
    thread.worker.postMessage(request);
  });
}

/** Tells the worker that the project's last computation was saved as `version` (its model warm-starts the next). */
export function reportSavedVersion(projectId: string, version: number): void {
  const request: RetrainThreadRequest = { kind: "saved", projectId, version };
  globalForThread.goldsetRetrainThread?.worker.postMessage(request);
}

function retrainThread(): RetrainThread {
  if (globalForThread.goldsetRetrainThread) return globalForThread.goldsetRetrainThread;
  const worker = startWorker();
  const thread: RetrainThread = { worker, waiting: new Map(), idleTimer: null };
  const settle = () => {
    if (thread.waiting.size > 0) return;
    worker.unref();
    thread.idleTimer = setTimeout(() => void worker.terminate(), IDLE_MS).unref();
  };
  worker.on("message", (reply: RetrainThreadReply) => {
    const waiting = thread.waiting.get(reply.id);
    thread.waiting.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.computation);
    else waiting?.reject(threadError(reply));
    settle();
  });
  const fail = (error: Error) => {
    if (globalForThread.goldsetRetrainThread === thread) delete globalForThread.goldsetRetrainThread;
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    for (const waiting of thread.waiting.values()) waiting.reject(error);
    thread.waiting.clear();
  };
  worker.on("error", (error) => fail(new Error(`The retrain worker thread failed: ${error.message}`)));
  worker.on("exit", (code) => fail(new Error(`The retrain worker thread stopped (exit code ${code}) before it answered.`)));
  globalForThread.goldsetRetrainThread = thread;
  return thread;
}

/** The worker's error, rebuilt on this thread: its code for the CLI and routes, its stack for the log. */
function threadError({ message, code, stack }: Extract<RetrainThreadReply, { ok: false }>): Error {
  const error = code ? new GoldsetError(code, message) : new Error(message);
  if (stack) error.stack = stack;
  return error;
}

function startWorker(): Worker {
  // Inside Next (which sets NEXT_RUNTIME, and inlines it in its server bundles) the bundler
  // compiles the worker entry into a chunk of its own and rewrites this call to start that chunk.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./retrain-worker.ts", import.meta.url));
  // From source (tsx, Vitest, the CLI) the entry is TypeScript, which Node cannot start without
  // tsx's loader; retrain-worker-tsx.mjs registers it first. Its URLs avoid the pattern above, so
  // the bundler leaves them alone.
  const sibling = (name: string) => import.meta.url.replace(/retrain-thread\.ts$/, name);
  return new Worker(new URL(sibling("retrain-worker-tsx.mjs")), { workerData: { goldsetWorkerEntry: sibling("retrain-worker.ts") } });
}
