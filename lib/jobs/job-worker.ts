/**
 * The worker thread a job's CPU work runs on (started by job-thread.ts): it answers each call with
 * the named operation's output, or its error. The operations come from the capabilities whose jobs
 * use a thread; each keeps its own state between the calls of its one job.
 */
import "server-only";
import { parentPort } from "node:worker_threads";
import { DAWID_SKENE_THREAD_OPS } from "@/lib/aggregate/server/dawid-skene-thread-ops";
import { AGREEMENT_THREAD_OPS } from "@/lib/agreement/server/agreement-thread-ops";
import { SPAN_AGREEMENT_THREAD_OPS } from "@/lib/agreement/server/span-agreement-thread-ops";
import { GoldsetError } from "@/lib/errors";
import { EXPORT_THREAD_OPS } from "@/lib/export/server/export-thread-ops";
import { runAtBackgroundPriority } from "./background-priority";
import type { JobThreadCall, JobThreadReply } from "./job-thread-messages";

const OPS: Record<string, (input: never) => unknown> = { ...EXPORT_THREAD_OPS, ...AGREEMENT_THREAD_OPS, ...SPAN_AGREEMENT_THREAD_OPS, ...DAWID_SKENE_THREAD_OPS };

const port = parentPort;
if (!port) throw new Error("job-worker.ts runs as a worker thread (see job-thread.ts), not as a script.");
// Requests come first: this thread takes the cores the request thread leaves (background-priority.ts).
runAtBackgroundPriority();

port.on("message", (call: JobThreadCall) => {
  void answer(call);
});

async function answer({ id, op, input }: JobThreadCall): Promise<void> {
  let reply: JobThreadReply;
  try {
    const run = OPS[op];
    if (!run) throw new Error(`The job worker has no operation "${op}".`);
    reply = { id, ok: true, output: await run(input as never) };
  } catch (error) {
    reply = {
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof GoldsetError ? error.code : null,
      stack: error instanceof Error ? (error.stack ?? null) : null,
    };
  }
  port?.postMessage(reply);
}
