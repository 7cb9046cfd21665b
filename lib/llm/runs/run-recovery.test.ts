import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseEnvFor, openTestDatabase } from "@/db/test-database";
import { getJob } from "@/db/queries/jobs";
import { getRun } from "@/db/queries/llm-runs";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { rawRows } from "@/db/raw-sql";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { startJobRunner } from "@/lib/jobs/job-runner";
import { waitForJob } from "@/lib/jobs/wait-for-job";
import { llmRunJobKind } from "./llm-run-job";
import { startRun } from "./run-manager";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "./stored-run-fixtures";
import { TEST_API_KEY } from "./prelabel-test-fixtures";

process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

let server: OpenAITestServer | null = null;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.stop();
  server = null;
});

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a run whose runner process dies", () => {
  it("is finished by another runner once the job's lease lapses, and not before: no item asked after its answer was stored, every answer stored once", async () => {
    server = await startOpenAITestServer({ delayMs: 100, apiKey: TEST_API_KEY });
    const { db, close } = await openTestDatabase();
    cleanups.push(close);
    const texts = messageTexts(40);
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts, connection: { maxConcurrency: 3 } });
    // Queued as the LLM page queues it; no runner in this process yet.
    const { run: started, job } = await startRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: null, actorId: null });
    expect(job).toMatchObject({ kind: "llm-run", state: "queued", payload: { runId: started.id } });

    // Another app instance's runner, in a process of its own, killed without warning midway.
    const leaseMs = 600;
    // node with tsx's loader, not the tsx command: that would run the script in a grandchild the kill does not reach.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/server-only/register.mjs", join("lib", "llm", "runs", "llm-run-runner-process.ts"), String(leaseMs)],
      { cwd: process.cwd(), env: { ...process.env, ...databaseEnvFor(db), GOLDSET_SECRET: TEST_MASTER_SECRET }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    cleanups.push(async () => {
      child.kill("SIGKILL");
      await exited;
    });
    await until(async () => (await llmSuggestionRows({ db, projectId: project.id })).length >= 6, `six answers from the child runner (output: ${output})`, 45_000);
    child.kill("SIGKILL");
    await exited;

    const held = (await getJob({ db, jobId: job.id }))!;
    expect(held).toMatchObject({ state: "running", attempts: 1 });
    expect(held.leaseOwner).toContain(`:${child.pid}:`);
    expect((await getRun({ db, runId: started.id }))?.status).toBe("running");
    const answeredBeforeCrash = (await llmSuggestionRows({ db, projectId: project.id })).length;
    expect(answeredBeforeCrash).toBeLessThan(40);

    const here = startJobRunner({ db, kinds: [llmRunJobKind({ engine: { progressIntervalMs: 20, stopPollIntervalMs: 20 } })], leaseMs, pollMs: 20 });
    cleanups.push(() => here.stop());
    const done = await waitForJob({ db, jobId: job.id, timeoutMs: 45_000 });
    expect(done).toMatchObject({ state: "succeeded", attempts: 2, leaseOwner: null, result: { runId: started.id, status: "completed" } });
    // Claimed again only once the dead runner's lease had lapsed.
    expect(done.startedAt!.getTime()).toBeGreaterThan(held.leaseExpiresAt!.getTime());

    const run = (await getRun({ db, runId: started.id }))!;
    expect(run.status).toBe("completed");
    expect(run.progress).toMatchObject({ done: 40, failed: 0 });
    const rows = await llmSuggestionRows({ db, projectId: project.id });
    // Every item answered, once, by this run: the items the dead runner had in flight were given back and asked again.
    expect(rows.map((row) => row.externalId).sort()).toEqual(texts.map((_, index) => `m${index}`).sort());
    expect(rows.every((row) => row.runId === run.id && row.status === "ok")).toBe(true);
    for (const row of rows) {
      const text = texts[Number(row.externalId.slice(1))]!;
      const storedAt = row.createdAt.getTime();
      // Server and database clocks are the same machine's; the margin only absorbs rounding.
      const askedAfter = server.stats.requestsFor(text).filter((request) => performance.timeOrigin + request.receivedAtMs > storedAt + 50);
      expect(askedAfter, `${row.externalId} asked again after its answer was stored`).toEqual([]);
    }
    // Only the requests the killed process had in flight can have been asked twice.
    expect(server.stats.requests.length).toBeLessThanOrEqual(40 + 3);
    const audit = await rawRows<{ action: string }>(db, `select action from audit_log where target_type = 'prelabel_run' order by id`);
    expect(audit.map((entry) => entry.action)).toEqual(["llm.run.start", "llm.run.recover", "llm.run.stop"]);
  }, 120_000);

  it("goldset prelabel runs to the limit as a job of its own and prints its JSON summary", async () => {
    server = await startOpenAITestServer({ apiKey: TEST_API_KEY });
    const { db, close } = await openTestDatabase();
    cleanups.push(close);
    const { project } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(10) });
    const cli = spawn(process.execPath, [join(process.cwd(), "bin", "goldset.mjs"), "prelabel", "--project", "sms", "--limit", "4", "--prompt-version", "1"], {
      env: { ...process.env, ...databaseEnvFor(db), GOLDSET_SECRET: TEST_MASTER_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    cli.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    cli.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once("exit", resolve));
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { run: number; tokens: number };
    expect(summary).toMatchObject({ promptVersion: 1, status: "completed", requested: 4, succeeded: 4, failed: 0, retried: 0 });
    expect(summary.tokens).toBeGreaterThan(0);
    expect(stdout + stderr).not.toContain(TEST_API_KEY);
    expect(await llmSuggestionRows({ db, projectId: project.id })).toHaveLength(4);
    const jobs = await rawRows<{ kind: string; state: string; attempts: number }>(db, `select kind, state, attempts from jobs where coalesce_key = 'llm-run:${summary.run}'`);
    expect(jobs).toEqual([{ kind: "llm-run", state: "succeeded", attempts: 1 }]);
  }, 60_000);
});
