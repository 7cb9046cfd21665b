// Wakes this process's job runners at once when this process queues a job, instead of at their
// next poll. On globalThis because Next may load this module once per route bundle, and the
// runner started at boot must hear the routes' enqueues.
import "server-only";
import { EventEmitter } from "node:events";

const globalForWake = globalThis as unknown as { goldsetJobWake?: EventEmitter };

function emitter(): EventEmitter {
  globalForWake.goldsetJobWake ??= new EventEmitter().setMaxListeners(0);
  return globalForWake.goldsetJobWake;
}

export function wakeJobRunners(): void {
  emitter().emit("wake");
}

/** Calls `listener` on every wake; returns how to stop listening. */
export function onJobRunnerWake(listener: () => void): () => void {
  emitter().on("wake", listener);
  return () => emitter().off("wake", listener);
}
