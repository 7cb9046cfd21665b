// Runs one given job in this process until it ends: the CLI's way to finish the job it queued
// without starting a runner that would pick up other work. If another process (a running app)
// holds the job, or the job waits for one with its coalesce key, this waits and claims it when free.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { claimJob, getJob, TERMINAL_JOB_STATES, type JobRecord } from "@/db/queries/jobs";
import type { AnyJobKind } from "./job-kind";
import { env } from "@/lib/env";
import { jobOwnerId } from "./job-runner";
import { runClaimedJob, type LeaseOptions } from "./run-claimed-job";

export async function runJobHere({
  db,
  jobId,
  kinds,
  pollMs = 500,
  backoffBaseMs = 10_000,
}: {
  db: Db;
  jobId: number;
  kinds: readonly AnyJobKind[];
  pollMs?: number;
  backoffBaseMs?: number;
}): Promise<JobRecord> {
  const owner = jobOwnerId();
  const leaseMs = env().GOLDSET_JOB_LEASE_MS;
  const lease: LeaseOptions = { leaseMs, heartbeatMs: leaseMs / 4, backoffBaseMs };
  for (;;) {
    const job = await getJob({ db, jobId });
    if (!job) throw new Error(`Job ${jobId} does not exist.`);
    if (TERMINAL_JOB_STATES.includes(job.state)) return job;
    const kind = kinds.find((k) => k.kind === job.kind);
    if (!kind) throw new Error(`Job ${jobId} is a ${job.kind} job, which this process cannot run.`);
    const claimed = await claimJob({ db, owner, leaseMs: lease.leaseMs, kinds: [kind.kind], jobId });
    if (claimed) await runClaimedJob({ db, job: claimed, kind, owner, lease });
    else await sleep(pollMs);
  }
}
