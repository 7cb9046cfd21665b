import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseEnvFor, openTestDatabase } from "@/db/test-database";
import { listRuns, getRun } from "@/db/queries/llm-runs";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { recoverInterruptedRuns, settleRuns } from "./run-manager";
import { isOwnerAlive } from "./run-owner";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "./stored-run-fixtures";
import { TEST_API_KEY } from "./prelabel-test-fixtures";

process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

let server: OpenAITestServer | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  await settleRuns();
  await server?.stop();
  server = null;
  while (closers.length > 0) closers.pop()!();
});

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a run interrupted by the death of its process", () => {
  it("is resumed by the server under the same id: no item asked about after its answer was stored, none lost", async () => {
    server = await startOpenAITestServer({ delayMs: 40, apiKey: TEST_API_KEY });
    const { db, close } = await openTestDatabase();
    closers.push(close);
    const texts = messageTexts(30);
    const { project } = await llmProjectFixture({ db, baseUrl: server.url, texts, connection: { maxConcurrency: 3 } });

    // `goldset prelabel` in a process of its own, killed without warning midway.
    const cli = spawn(process.execPath, [join(process.cwd(), "bin", "goldset.mjs"), "prelabel", "--project", "sms"], {
      env: { ...process.env, ...databaseEnvFor(db), GOLDSET_SECRET: TEST_MASTER_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    cli.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => cli.once("exit", () => resolve()));
    await until(async () => (await llmSuggestionRows({ db, projectId: project.id })).length >= 8, `eight answers from the CLI (output: ${output})`, 45_000);
    cli.kill("SIGKILL");
    await exited;

    const [interrupted] = await listRuns({ db, projectId: project.id });
    expect(interrupted?.status).toBe("running");
    expect(interrupted?.progress.owner?.kind).toBe("cli");
    expect(isOwnerAlive(interrupted!.progress.owner)).toBe(false);
    const answeredBeforeCrash = (await llmSuggestionRows({ db, projectId: project.id })).length;
    expect(answeredBeforeCrash).toBeLessThan(30);

    expect(await recoverInterruptedRuns({ db })).toEqual([interrupted!.id]);
    await settleRuns();

    const run = (await getRun({ db, runId: interrupted!.id }))!;
    expect(run.status).toBe("completed");
    expect(run.progress).toMatchObject({ done: 30, failed: 0 });
    const rows = await llmSuggestionRows({ db, projectId: project.id });
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
    expect(server.stats.requests.length).toBeLessThanOrEqual(30 + 3);
  }, 90_000);

  it("goldset prelabel runs to the limit and prints its JSON summary", async () => {
    server = await startOpenAITestServer({ apiKey: TEST_API_KEY });
    const { db, close } = await openTestDatabase();
    closers.push(close);
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
    expect(JSON.parse(stdout)).toMatchObject({ promptVersion: 1, status: "completed", requested: 4, succeeded: 4, failed: 0, retried: 0 });
    expect(JSON.parse(stdout).tokens).toBeGreaterThan(0);
    expect(stdout + stderr).not.toContain(TEST_API_KEY);
    expect(await llmSuggestionRows({ db, projectId: project.id })).toHaveLength(4);
  }, 60_000);
});
