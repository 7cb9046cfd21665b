import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject } from "../test-seed";
import { auditLog } from "../schema";
import {
  cancelJob,
  claimJob,
  enqueueJob,
  failJob,
  getJob,
  hasLiveJob,
  heartbeatJob,
  listProjectJobs,
  reportJobProgress,
  succeedJob,
  type CancelPolicy,
  type JobPayload,
  type PayloadMerge,
} from "./jobs";

let db: Db;
let close: () => Promise<void>;
let projectId: string;
let leadId: string;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead" }, project: { name: "P", slug: "p", labels: ["a", "b"] } });
  ({ projectId } = seed);
  leadId = seed.people.lead;
});
afterEach(() => close());

const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const KINDS = ["retrain", "other"];
const unionOfTriggers: PayloadMerge = (queued, incoming) => ({
  triggers: [...new Set([...(queued.triggers as string[]), ...(incoming.triggers as string[])])],
});

function request(triggers: string[], options: { key?: string | null; now?: Date; maxAttempts?: number } = {}) {
  return enqueueJob({
    db,
    kind: "retrain",
    projectId,
    coalesceKey: options.key === undefined ? "retrain:p" : options.key,
    payload: { triggers } as JobPayload,
    merge: unionOfTriggers,
    maxAttempts: options.maxAttempts ?? 3,
    now: options.now ?? T0,
  });
}

describe("enqueueJob", () => {
  it("keeps one queued job per coalesce key: later requests merge their triggers into it", async () => {
    const first = await request(["labels"]);
    const second = await request(["manual"]);
    const third = await request(["labels"]);
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    expect((await getJob({ db, jobId: first.id }))!.payload).toEqual({ triggers: ["labels", "manual"] });
    expect(await listProjectJobs({ db, projectId })).toHaveLength(1);
    // No key, no coalescing.
    expect((await request(["labels"], { key: null })).id).not.toBe(first.id);
  });

  it("queues a new job once the queued one runs, and merges into that one from then on", async () => {
    const first = await request(["labels"]);
    expect(await claimJob({ db, owner: "a", leaseMs: 1000, kinds: KINDS, now: at(1) })).toMatchObject({ id: first.id, state: "running", attempts: 1 });
    const next = await request(["embeddings"], { now: at(2) });
    expect(next.id).not.toBe(first.id);
    expect(next.payload).toEqual({ triggers: ["embeddings"] });
    expect((await request(["settings"], { now: at(3) })).id).toBe(next.id);
    expect((await getJob({ db, jobId: next.id }))!.payload).toEqual({ triggers: ["embeddings", "settings"] });
    expect(await hasLiveJob({ db, coalesceKey: "retrain:p" })).toBe(true);
    expect(await hasLiveJob({ db, coalesceKey: "retrain:elsewhere" })).toBe(false);
  });
});

describe("claimJob", () => {
  it("runs one job per coalesce key at a time, jobs of other keys meanwhile, and nothing not yet due", async () => {
    const a1 = await request(["manual"]);
    const other = await request(["manual"], { key: "retrain:q" });
    expect((await claimJob({ db, owner: "a", leaseMs: 1000, kinds: KINDS, now: at(1) }))!.id).toBe(a1.id);
    const a2 = await request(["labels"], { now: at(2) });
    // a2 waits for a1 (same key); the other key's job runs beside it.
    expect((await claimJob({ db, owner: "b", leaseMs: 1000, kinds: KINDS, now: at(3) }))!.id).toBe(other.id);
    expect(await claimJob({ db, owner: "c", leaseMs: 1000, kinds: KINDS, now: at(4) })).toBeNull();
    expect(await succeedJob({ db, jobId: a1.id, owner: "a", result: { ok: 1 }, now: at(5) })).toMatchObject({ state: "succeeded", result: { ok: 1 }, leaseOwner: null });
    expect((await claimJob({ db, owner: "c", leaseMs: 1000, kinds: KINDS, now: at(6) }))!.id).toBe(a2.id);

    // Only the kinds the caller names, and only due jobs.
    const later = await enqueueJob({ db, kind: "unknown-kind", payload: {}, maxAttempts: 1, now: at(7) });
    expect(await claimJob({ db, owner: "d", leaseMs: 1000, kinds: KINDS, now: at(8) })).toBeNull();
    expect((await claimJob({ db, owner: "d", leaseMs: 1000, kinds: ["unknown-kind"], now: at(8) }))!.id).toBe(later.id);
    await enqueueJob({ db, kind: "other", payload: {}, maxAttempts: 1, now: at(1000) });
    expect(await claimJob({ db, owner: "d", leaseMs: 1000, kinds: KINDS, now: at(999) })).toBeNull();
  });

  it("takes over a job whose lease lapsed; the runner that lost it can neither heartbeat, report nor finish", async () => {
    const job = await request(["manual"]);
    await claimJob({ db, owner: "dead", leaseMs: 1000, kinds: KINDS, now: T0 });
    expect(await heartbeatJob({ db, jobId: job.id, owner: "dead", leaseMs: 1000, now: at(500) })).toBe(true);
    // The lease now runs to 1500: not before.
    expect(await claimJob({ db, owner: "live", leaseMs: 1000, kinds: KINDS, now: at(1400) })).toBeNull();
    const taken = await claimJob({ db, owner: "live", leaseMs: 1000, kinds: KINDS, now: at(1600) });
    expect(taken).toMatchObject({ id: job.id, state: "running", attempts: 2, leaseOwner: "live" });
    expect(await heartbeatJob({ db, jobId: job.id, owner: "dead", leaseMs: 1000, now: at(1700) })).toBe(false);
    expect(await reportJobProgress({ db, jobId: job.id, owner: "dead", progress: { done: 1, total: 2, message: "x" } })).toBe(false);
    expect(await succeedJob({ db, jobId: job.id, owner: "dead", result: "stale", now: at(1800) })).toBeNull();
    expect(await failJob({ db, jobId: job.id, owner: "dead", error: "stale", backoffBaseMs: 10, now: at(1800) })).toBeNull();
    expect(await reportJobProgress({ db, jobId: job.id, owner: "live", progress: { done: 1, total: 2, message: "half" } })).toBe(true);
    expect(await succeedJob({ db, jobId: job.id, owner: "live", result: "fresh", now: at(1900) })).toMatchObject({
      state: "succeeded",
      result: "fresh",
      progress: { done: 1, total: 2, message: "half" },
      finishedAt: at(1900),
    });
  });

  it("fails a lapsed job that had used its last attempt instead of running it again", async () => {
    const job = await request(["manual"], { maxAttempts: 1 });
    await claimJob({ db, owner: "dead", leaseMs: 100, kinds: KINDS, now: T0 });
    expect(await claimJob({ db, owner: "live", leaseMs: 100, kinds: KINDS, now: at(200) })).toBeNull();
    expect(await getJob({ db, jobId: job.id })).toMatchObject({
      state: "failed",
      attempts: 1,
      error: "its runner stopped (its lease lapsed) during the last attempt",
      finishedAt: at(200),
    });
  });
});

describe("failJob", () => {
  it("retries after an exponential back-off, keeping the error meanwhile, then fails for good with it", async () => {
    const job = await request(["manual"]);
    const attempt = async (n: number, now: Date) => {
      const claimed = await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now });
      expect(claimed).toMatchObject({ id: job.id, attempts: n });
      return failJob({ db, jobId: job.id, owner: "r", error: `boom ${n}`, backoffBaseMs: 100, merge: unionOfTriggers, now });
    };
    expect(await attempt(1, at(0))).toMatchObject({ state: "queued", error: "boom 1", runAfter: at(100), leaseOwner: null });
    expect(await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(99) })).toBeNull();
    expect(await attempt(2, at(100))).toMatchObject({ state: "queued", error: "boom 2", runAfter: at(300) });
    expect(await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(299) })).toBeNull();
    expect(await attempt(3, at(300))).toMatchObject({ state: "failed", error: "boom 3", attempts: 3, finishedAt: at(300) });
    expect(await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(100_000) })).toBeNull();
  });

  it("hands a failed attempt's triggers to the job already queued behind it, which keeps the key's one queued job", async () => {
    const running = await request(["manual"]);
    await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(1) });
    const queued = await request(["labels"], { now: at(2) });
    expect(await failJob({ db, jobId: running.id, owner: "r", error: "boom", backoffBaseMs: 100, merge: unionOfTriggers, now: at(3) })).toMatchObject({
      state: "failed",
      error: "boom",
      result: { continuedIn: queued.id },
    });
    expect((await getJob({ db, jobId: queued.id }))!.payload).toEqual({ triggers: ["labels", "manual"] });
    expect((await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(4) }))!.id).toBe(queued.id);
  });
});

describe("cancelJob", () => {
  const beforeStart: CancelPolicy = { queued: true, running: false, refusal: "once started it runs to its end" };
  const anyTime: CancelPolicy = { queued: true, running: true, refusal: "" };
  const never: CancelPolicy = { queued: false, running: false, refusal: "stop its run instead" };
  const cancel = (jobId: number, policy: CancelPolicy, now = at(10)) => cancelJob({ db, projectId, jobId, actorId: leadId, policy: () => policy, now });

  it("cancels a queued job, which no runner then claims, and audits who did it", async () => {
    const job = await request(["manual"]);
    expect(await cancel(job.id, beforeStart)).toMatchObject({ id: job.id, state: "cancelled", finishedAt: at(10), attempts: 0 });
    expect(await claimJob({ db, owner: "r", leaseMs: 1000, kinds: KINDS, now: at(20) })).toBeNull();
    expect(await hasLiveJob({ db, coalesceKey: "retrain:p" })).toBe(false);
    const audit = await db.select().from(auditLog);
    expect(audit.filter((a) => a.action === "job.cancel")).toEqual([
      expect.objectContaining({ projectId, actorId: leadId, targetType: "job", targetId: String(job.id), details: { kind: "retrain", state: "queued", progress: null } }),
    ]);
    // A later request queues a new job rather than reviving the cancelled one.
    const next = await request(["labels"], { now: at(30) });
    expect(next.id).not.toBe(job.id);
  });

  it("takes a running job from its runner when the kind allows it: heartbeat, progress and the end are no longer the runner's", async () => {
    const job = await request(["manual"]);
    await claimJob({ db, owner: "r", leaseMs: 60_000, kinds: KINDS, now: at(1) });
    expect(await cancel(job.id, anyTime)).toMatchObject({ state: "cancelled", leaseOwner: null });
    expect(await heartbeatJob({ db, jobId: job.id, owner: "r", leaseMs: 60_000, now: at(11) })).toBe(false);
    expect(await reportJobProgress({ db, jobId: job.id, owner: "r", progress: { done: 1, total: 2, message: null } })).toBe(false);
    expect(await succeedJob({ db, jobId: job.id, owner: "r", result: { ok: true }, now: at(12) })).toBeNull();
    expect(await failJob({ db, jobId: job.id, owner: "r", error: "x", backoffBaseMs: 1, now: at(12) })).toBeNull();
    expect(await getJob({ db, jobId: job.id })).toMatchObject({ state: "cancelled", result: null, error: null });
    // Nor does a lapsed lease bring it back.
    expect(await claimJob({ db, owner: "other", leaseMs: 1000, kinds: KINDS, now: at(10_000_000) })).toBeNull();
  });

  it("refuses what the kind does not allow, a job that has ended, and another project's job", async () => {
    const job = await request(["manual"]);
    await expect(cancel(job.id, never)).rejects.toThrow(`Job ${job.id} (retrain, queued) cannot be cancelled: stop its run instead`);
    await claimJob({ db, owner: "r", leaseMs: 60_000, kinds: KINDS, now: at(1) });
    await expect(cancel(job.id, beforeStart)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("once started it runs to its end") });
    expect(await getJob({ db, jobId: job.id })).toMatchObject({ state: "running", leaseOwner: "r" });
    await succeedJob({ db, jobId: job.id, owner: "r", result: null, now: at(2) });
    await expect(cancel(job.id, anyTime)).rejects.toThrow(`Job ${job.id} has already ended (succeeded).`);
    const other = await seedProject(db, { project: { name: "Q", slug: "q", labels: ["a", "b"] } });
    await expect(cancelJob({ db, projectId: other.projectId, jobId: job.id, actorId: leadId, policy: () => anyTime })).rejects.toMatchObject({ code: "not_found" });
    expect((await db.select().from(auditLog)).filter((a) => a.action === "job.cancel")).toEqual([]);
  });
});
