/** What the server's thread and a job's worker thread (job-worker.ts) say to each other: one call at a time, each answered. */
import type { ErrorCode } from "@/lib/errors";

export interface JobThreadCall {
  readonly id: number;
  /** Which of the worker's operations (job-worker.ts names them). */
  readonly op: string;
  readonly input: unknown;
}

export type JobThreadReply =
  | { readonly id: number; readonly ok: true; readonly output: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code: ErrorCode | null; readonly stack: string | null };
