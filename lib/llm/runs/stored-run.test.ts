import { readFileSync, existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { rawRows } from "@/db/raw-sql";
import { createRun, getRun } from "@/db/queries/llm-runs";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { TEST_API_KEY } from "./prelabel-test-fixtures";
import { getJob } from "@/db/queries/jobs";
import { startJobRunner } from "@/lib/jobs/job-runner";
import { waitForJob } from "@/lib/jobs/wait-for-job";
import { llmRunJobKind } from "./llm-run-job";
import { resumeRun, startRun, stopRun } from "./run-manager";
import { currentRunOwner } from "./run-owner";
import { executeStoredRun } from "./stored-run";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "./stored-run-fixtures";

// The run manager seals and opens keys under GOLDSET_SECRET; env() reads it on first use.
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

/** Everything the database holds: the SQLite file and its WAL, or every row of every PostgreSQL table as text. */
async function storedBytes(db: Db): Promise<string> {
  if (db.$dialect === "postgres") {
    const tables = await rawRows<{ name: string }>(db, "select table_name as name from information_schema.tables where table_schema = 'public'");
    const rows = await Promise.all(tables.map(({ name }) => rawRows<{ row: string }>(db, `select t::text as row from "${name}" t`)));
    return rows.flat().map((r) => r.row).join("\n");
  }
  return [db.$location, `${db.$location}-wal`]
    .filter(existsSync)
    .map((path) => readFileSync(path).toString("latin1"))
    .join("");
}

let server: OpenAITestServer | null = null;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.stop();
  server = null;
});

async function database(): Promise<Db> {
  const { db, close } = await openTestDatabase();
  cleanups.push(close);
  return db;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("a stored run against the loopback test server", () => {
  it("answers every item once, keeps bad answers and failures with their provenance, and never stores the key", async () => {
    server = await startOpenAITestServer({ apiKey: TEST_API_KEY });
    server.script({ item: "Message 1:", replies: [{ kind: "content", content: "Sure! It is spam." }] });
    server.script({ item: "Message 2:", replies: [{ kind: "labels", labels: ["eggs"] }] });
    // A proxy that echoes the request headers, key included, in every error body.
    server.script({ item: "Message 4:", replies: Array.from({ length: 5 }, () => ({ kind: "status" as const, status: 500, echoRequest: true })) });
    server.script({ item: "Message 5:", replies: [{ kind: "status", status: 429, retryAfter: "0" }] });
    const db = await database();
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(12) });
    const run = await createRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: null, actorId: null, owner: currentRunOwner("server") });

    const final = await (
      await executeStoredRun({
        db,
        runId: run.id,
        owner: currentRunOwner("server"),
        masterSecret: () => TEST_MASTER_SECRET,
        engine: { progressIntervalMs: 10, stopPollIntervalMs: 10, retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 } },
      })
    ).result;

    expect(final.status).toBe("completed");
    expect(final.progress).toMatchObject({ total: 12, done: 11, invalid: 2, failed: 1, stoppedReason: "completed" });
    expect(final.progress.retried).toBe(5);
    expect(final.progress.tokens).toBeGreaterThan(0);

    const rows = await llmSuggestionRows({ db, projectId: project.id });
    const byItem = new Map<string, typeof rows>();
    for (const row of rows) byItem.set(row.externalId, [...(byItem.get(row.externalId) ?? []), row]);
    expect(byItem.size).toBe(12);
    for (const [externalId, itemRows] of byItem) expect(itemRows, externalId).toHaveLength(1);
    expect(byItem.get("m1")?.[0]).toMatchObject({ status: "parse_error", labels: [] });
    expect(byItem.get("m1")?.[0]?.rawOutput).toContain("Sure! It is spam.");
    expect(byItem.get("m2")?.[0]).toMatchObject({ status: "unknown_label", labels: [] });
    expect(byItem.get("m4")?.[0]).toMatchObject({ status: "request_error", attempts: 5 });
    expect(byItem.get("m4")?.[0]?.error).toContain("[redacted]");
    expect(byItem.get("m5")?.[0]).toMatchObject({ status: "ok", labels: ["ham"], attempts: 2 });
    expect(byItem.get("m0")?.[0]).toMatchObject({ status: "ok", labels: ["spam"], promptVersion: version.version, promptHash: version.hash, runId: run.id });

    // The key went out on every request, and is in no byte of the database (it is stored sealed).
    expect(new Set(server.stats.authorizationHeaders)).toEqual(new Set([`Bearer ${TEST_API_KEY}`]));
    const bytes = await storedBytes(db);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(TEST_API_KEY)).toBe(false);
  });

  it("runs as a job on the server's runner and stops at the item limit over a pause and a resume, without asking about any item twice", async () => {
    // Answers slow enough that the pause, which the engine reads from the run's status, comes before the limit.
    server = await startOpenAITestServer({ delayMs: 150 });
    const db = await database();
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(20), connection: { maxConcurrency: 2 } });
    const runner = startJobRunner({ db, kinds: [llmRunJobKind({ engine: { progressIntervalMs: 10, stopPollIntervalMs: 10 } })], pollMs: 20 });
    cleanups.push(() => runner.stop());
    const lead = null;
    const { run: started, job } = await startRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: 8, actorId: lead });
    await until(async () => (await llmSuggestionRows({ db, projectId: project.id })).length >= 3, "three answers");
    expect(await getJob({ db, jobId: job.id })).toMatchObject({ state: "running", leaseOwner: runner.owner });
    await stopRun({ db, projectId: project.id, runId: started.id, request: "pause", actorId: lead });
    // The pause ends the job: the run is paused, not executing anywhere.
    expect(await waitForJob({ db, jobId: job.id, timeoutMs: 10_000 })).toMatchObject({ state: "succeeded", result: { runId: started.id, status: "paused" } });
    const paused = (await getRun({ db, runId: started.id }))!;
    expect(paused.status).toBe("paused");
    expect(paused.progress.stoppedReason).toBe("paused");
    const answeredWhilePaused = (await llmSuggestionRows({ db, projectId: project.id })).length;
    expect(answeredWhilePaused).toBeLessThan(8);

    const resumed = await resumeRun({ db, projectId: project.id, runId: started.id, actorId: lead });
    expect(resumed.run.status).toBe("running");
    expect(resumed.job.id).not.toBe(job.id);
    expect(await waitForJob({ db, jobId: resumed.job.id, timeoutMs: 15_000 })).toMatchObject({ state: "succeeded", attempts: 1, result: { status: "completed" } });
    const finished = (await getRun({ db, runId: started.id }))!;
    expect(finished.status).toBe("completed");
    expect(finished.progress).toMatchObject({ done: 8, total: 8, failed: 0 });
    expect(await llmSuggestionRows({ db, projectId: project.id })).toHaveLength(8);
    expect([...server.stats.requestsPerItem.values()].every((count) => count === 1)).toBe(true);
    expect(server.stats.requests).toHaveLength(8);
  });

  it("takes a pause back when resumed while the paused execution still lets its requests finish: the run goes on and completes", async () => {
    // Slow answers, so the pause is still winding down when the resume comes.
    server = await startOpenAITestServer({ delayMs: 600 });
    const db = await database();
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(12), connection: { maxConcurrency: 2 } });
    const runner = startJobRunner({ db, kinds: [llmRunJobKind({ engine: { progressIntervalMs: 10, stopPollIntervalMs: 10 } })], pollMs: 20 });
    cleanups.push(() => runner.stop());
    const { run: started, job } = await startRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: 6, actorId: null });
    await until(async () => server!.stats.requests.length >= 2, "two requests in flight");
    await stopRun({ db, projectId: project.id, runId: started.id, request: "pause", actorId: null });
    // Long enough for the engine to see the pause (it polls every 10 ms), far shorter than an answer.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const resumed = await resumeRun({ db, projectId: project.id, runId: started.id, actorId: null });
    // One job per run at a time: the resume's job waits for the winding-down one.
    expect((await getJob({ db, jobId: job.id }))?.state).toBe("running");
    expect(resumed.job.state).toBe("queued");
    expect(await waitForJob({ db, jobId: job.id, timeoutMs: 10_000 })).toMatchObject({ state: "succeeded", result: { status: "running" } });
    expect((await getRun({ db, runId: started.id }))?.status).not.toBe("paused");
    expect(await waitForJob({ db, jobId: resumed.job.id, timeoutMs: 15_000 })).toMatchObject({ state: "succeeded", result: { status: "completed" } });
    expect((await getRun({ db, runId: started.id }))?.progress).toMatchObject({ done: 6, total: 6, failed: 0 });
    expect(server.stats.requests).toHaveLength(6);
    expect([...server.stats.requestsPerItem.values()].every((count) => count === 1)).toBe(true);
  });
});
