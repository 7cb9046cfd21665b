// For tests of code that queues jobs: run a job to its end in the test's process (as the CLI does,
// with retries a few milliseconds apart) and read its result.
import type { Db } from "@/db";
import type { JobRecord } from "@/db/queries/jobs";
import { APP_JOB_KINDS } from "./app-job-kinds";
import { runJobHere } from "./run-job-here";

export async function runToEnd(db: Db, job: JobRecord | Promise<JobRecord>): Promise<JobRecord> {
  return runJobHere({ db, jobId: (await job).id, kinds: APP_JOB_KINDS, pollMs: 10, backoffBaseMs: 10 });
}

/** The result of a job that must succeed; a failed job fails the test with its error. */
export async function resultOf<R>(db: Db, job: JobRecord | Promise<JobRecord>): Promise<R> {
  const done = await runToEnd(db, job);
  if (done.state !== "succeeded") throw new Error(`job ${done.id} (${done.kind}) ended ${done.state}: ${done.error}`);
  return done.result as R;
}
