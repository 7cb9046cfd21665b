import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { enqueueJob, getJob, type JobRecord } from "@/db/queries/jobs";
import { databaseEnvFor, openSecondConnection, openTestDatabase } from "@/db/test-database";
import { enqueue } from "./enqueue-job";
import type { AnyJobKind, JobKind } from "./job-kind";
import { startJobRunner, type JobRunner, type JobRunnerOptions } from "./job-runner";
import { waitForJob } from "./wait-for-job";

let db: Db;
let close: () => Promise<void>;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await close();
});

function runner(on: Db, kinds: AnyJobKind[], options: JobRunnerOptions = {}): JobRunner {
  const started = startJobRunner({ db: on, kinds, pollMs: 20, ...options });
  cleanups.push(() => started.stop());
  return started;
}

const queue = (kind: string, maxAttempts = 3) => enqueueJob({ db, kind, payload: {}, maxAttempts });

describe("the job runner", () => {
  it("runs a job this process queues at once, not at its next poll, and records its progress and result", async () => {
    const double: JobKind<{ value: number }, { value: number }> = {
      kind: "double",
      maxAttempts: 1,
      async run({ payload, reportProgress }) {
        await reportProgress({ done: 1, total: 1, message: "doubled" });
        return { value: payload.value * 2 };
      },
    };
    runner(db, [double], { pollMs: 60_000 });
    // Let the runner find the queue empty and go to sleep for a minute.
    await sleep(200);
    const started = Date.now();
    const job = await enqueue({ db, kind: double, payload: { value: 21 } });
    const done = await waitForJob({ db, jobId: job.id, timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done).toMatchObject({ state: "succeeded", attempts: 1, result: { value: 42 }, progress: { done: 1, total: 1, message: "doubled" } });
  });

  it("never runs one job twice, with two runners on two connections claiming side by side", async () => {
    const second = await openSecondConnection(db);
    cleanups.push(() => second.$close());
    const runs: { jobId: number; owner: string }[] = [];
    const kind = (owner: string): AnyJobKind => ({
      kind: "count",
      maxAttempts: 1,
      run({ job }) {
        runs.push({ jobId: job.id, owner });
        return Promise.resolve(null);
      },
    });
    const jobs: JobRecord[] = [];
    for (let k = 0; k < 100; k++) jobs.push(await queue("count"));
    // Jobs that take no time and four slots a side: the runners claim at the same moments all along.
    runner(db, [kind("first")], { concurrency: 4 });
    runner(second, [kind("second")], { concurrency: 4 });
    for (const job of jobs) expect((await waitForJob({ db, jobId: job.id, timeoutMs: 30_000 })).state).toBe("succeeded");
    expect(runs.map((run) => run.jobId).sort((a, b) => a - b)).toEqual(jobs.map((job) => job.id));
    expect(new Set(runs.map((run) => run.owner))).toEqual(new Set(["first", "second"]));
  });

  it("retries a failing job after a back-off that doubles, then records it failed with its error", async () => {
    const attempts: number[] = [];
    runner(db, [
      {
        kind: "flaky",
        maxAttempts: 3,
        run() {
          attempts.push(Date.now());
          return Promise.reject(new Error(`attempt ${attempts.length} failed`));
        },
      },
    ], { backoffBaseMs: 150, pollMs: 10 });
    const job = await queue("flaky");
    const done = await waitForJob({ db, jobId: job.id, timeoutMs: 10_000 });
    expect(done).toMatchObject({ state: "failed", attempts: 3, error: "attempt 3 failed", leaseOwner: null });
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(150);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(300);
  });

  it("finishes a job whose runner was killed mid-job once its lease lapses, and not before", async () => {
    const leaseMs = 400;
    const job = await queue("stall");
    // node with tsx's loader, not the tsx command: that would run the script in a grandchild the kill does not reach.
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only/register.mjs", join("lib", "jobs", "stalling-runner-process.ts"), String(leaseMs)], {
      cwd: process.cwd(),
      env: { ...process.env, ...databaseEnvFor(db) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    cleanups.push(async () => {
      child.kill("SIGKILL");
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes(`claimed ${job.id}`) && resolve());
      child.on("exit", (code) => reject(new Error(`the child runner exited (${code}) before claiming the job`)));
    });
    const held = (await getJob({ db, jobId: job.id }))!;
    expect(held).toMatchObject({ state: "running", attempts: 1, progress: { message: `half way in process ${child.pid}` } });
    expect(held.leaseOwner).toContain(`:${child.pid}:`);

    let finishedBy: string | null = null;
    const here = runner(db, [
      {
        kind: "stall",
        maxAttempts: 3,
        run() {
          finishedBy = here.owner;
          return Promise.resolve({ finished: true });
        },
      },
    ], { leaseMs, pollMs: 20 });
    // While the child heartbeats, its lease holds: several leases' time later the job is still its.
    await sleep(3 * leaseMs);
    expect(await getJob({ db, jobId: job.id })).toMatchObject({ state: "running", leaseOwner: held.leaseOwner });

    child.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();
    const done = await waitForJob({ db, jobId: job.id, timeoutMs: 10_000 });
    expect(done).toMatchObject({ state: "succeeded", attempts: 2, result: { finished: true }, leaseOwner: null });
    expect(finishedBy).toBe(here.owner);
    expect(done.finishedAt!.getTime() - killedAt).toBeLessThan(5_000);
  });
});
