// Waits for a job to end, by reading its row: whichever process runs it. For tests, the CLI, and
// the one request that must answer after its job (a project's first import, ranked before it answers).
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { getJob, TERMINAL_JOB_STATES, type JobRecord } from "@/db/queries/jobs";

/** The job once it succeeded, failed or was cancelled; throws when it has not ended within `timeoutMs`. */
export async function waitForJob({ db, jobId, timeoutMs, pollMs = 50 }: { db: Db; jobId: number; timeoutMs: number; pollMs?: number }): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob({ db, jobId });
    if (!job) throw new Error(`Job ${jobId} does not exist.`);
    if (TERMINAL_JOB_STATES.includes(job.state)) return job;
    if (Date.now() >= deadline) throw new Error(`Job ${jobId} (${job.kind}) is still ${job.state} after ${timeoutMs} ms.`);
    await sleep(pollMs);
  }
}
