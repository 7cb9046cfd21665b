import { readFileSync, existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { rawRows } from "@/db/raw-sql";
import { createRun, getRun } from "@/db/queries/llm-runs";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { TEST_API_KEY } from "./prelabel-test-fixtures";
import { resumeRun, settleRuns, startRun, stopRun } from "./run-manager";
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
const closers: (() => void)[] = [];
afterEach(async () => {
  await settleRuns();
  await server?.stop();
  server = null;
  while (closers.length > 0) closers.pop()!();
});

async function database(): Promise<Db> {
  const { db, close } = await openTestDatabase();
  closers.push(close);
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

  it("stops at the item limit over a pause and a resume, without asking about any item twice", async () => {
    server = await startOpenAITestServer({ delayMs: 30 });
    const db = await database();
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(20), connection: { maxConcurrency: 2 } });
    const lead = null;
    const started = await startRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: 8, actorId: lead });
    await until(async () => (await llmSuggestionRows({ db, projectId: project.id })).length >= 3, "three answers");
    await stopRun({ db, projectId: project.id, runId: started.id, request: "pause", actorId: lead });
    await settleRuns();
    const paused = (await getRun({ db, runId: started.id }))!;
    expect(paused.status).toBe("paused");
    expect(paused.progress.stoppedReason).toBe("paused");
    const answeredWhilePaused = (await llmSuggestionRows({ db, projectId: project.id })).length;
    expect(answeredWhilePaused).toBeLessThan(8);

    await resumeRun({ db, projectId: project.id, runId: started.id, actorId: lead });
    await settleRuns();
    const finished = (await getRun({ db, runId: started.id }))!;
    expect(finished.status).toBe("completed");
    expect(finished.progress).toMatchObject({ done: 8, total: 8, failed: 0 });
    expect(await llmSuggestionRows({ db, projectId: project.id })).toHaveLength(8);
    expect([...server.stats.requestsPerItem.values()].every((count) => count === 1)).toBe(true);
    expect(server.stats.requests).toHaveLength(8);
  });
});
