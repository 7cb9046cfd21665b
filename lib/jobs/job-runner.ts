// A process's job runner: a few slots, each claiming the next due job it has a handler for,
// running it under its lease, and claiming again; idle slots sleep until the next poll or until
// this process queues a job (job-wake.ts). Any number of processes may run one against the same
// database: the claim (db/queries/jobs.ts) hands each job to one runner at a time.
import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { claimJob } from "@/db/queries/jobs";
import type { AnyJobKind } from "./job-kind";
import { onJobRunnerWake } from "./job-wake";
import { runClaimedJob, type LeaseOptions } from "./run-claimed-job";
import { DEFAULT_JOB_LEASE_MS, DEFAULT_JOB_POLL_MS } from "./job-timing";

export interface JobRunner {
  readonly owner: string;
  /** Claims at once instead of at the next poll. */
  wake(): void;
  /** Stops claiming and resolves once the jobs in hand have ended. */
  stop(): Promise<void>;
}

export interface JobRunnerOptions extends Partial<LeaseOptions> {
  readonly pollMs?: number;
  /** Jobs this runner runs at once (each on its own claim). */
  readonly concurrency?: number;
  readonly owner?: string;
}

/** Who holds a lease, readable by the lead: this host, this process, and a random part for runners in the same process. */
export function jobOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

export function startJobRunner({ db, kinds, ...options }: { db: Db; kinds: readonly AnyJobKind[] } & JobRunnerOptions): JobRunner {
  const owner = options.owner ?? jobOwnerId();
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const lease: LeaseOptions = { leaseMs, heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 4)), backoffBaseMs: options.backoffBaseMs ?? 10_000 };
  const pollMs = options.pollMs ?? DEFAULT_JOB_POLL_MS;
  const byKind = new Map(kinds.map((kind) => [kind.kind, kind]));
  const kindNames = [...byKind.keys()];
  const stopping = new AbortController();
  // A wake that arrives while a slot is between an empty claim and its sleep is not lost: the
  // slot sees the count moved and claims again at once.
  let wakes = 0;
  const sleepers = new Set<() => void>();
  const wake = () => {
    wakes++;
    for (const resume of sleepers) resume();
    sleepers.clear();
  };
  const unsubscribe = onJobRunnerWake(wake);

  const idle = (seen: number) =>
    new Promise<void>((resolve) => {
      if (wakes !== seen || stopping.signal.aborted) return resolve();
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted) {
      const seen = wakes;
      let job = null;
      try {
        job = await claimJob({ db, owner, leaseMs, kinds: kindNames });
      } catch (error) {
        console.error("Goldset: claiming a job failed:", error);
      }
      if (!job) {
        await idle(seen);
        continue;
      }
      await runClaimedJob({ db, job, kind: byKind.get(job.kind)!, owner, lease, stopping: stopping.signal });
    }
  }

  const slots = Array.from({ length: options.concurrency ?? 2 }, () => slot());
  return {
    owner,
    wake,
    async stop() {
      unsubscribe();
      stopping.abort();
      wake();
      await Promise.all(slots);
    },
  };
}
