import { afterAll, afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/test-database";
import { importItems } from "@/db/queries/items";
import { getConnectionView, saveConnection } from "@/db/queries/llm-connection";
import { createRun } from "@/db/queries/llm-runs";
import { startOpenAITestServer } from "@/e2e/support/openai-test-server";
import type { ConnectionInput } from "@/lib/llm/client/connection-input";
import { TEST_API_KEY } from "@/lib/llm/runs/prelabel-test-fixtures";
import { currentRunOwner } from "@/lib/llm/runs/run-owner";
import { executeStoredRun } from "@/lib/llm/runs/stored-run";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";

// Two listeners on loopback: the endpoint the operator configured with the server's key, and one
// that a member who may edit the base URL controls. env() reads the environment on first use,
// which is after these lines.
const ENV_KEY = "sk-environment-key-5e4d3c2b1a09";
const configured = await startOpenAITestServer({ apiKey: ENV_KEY });
const listener = await startOpenAITestServer({ apiKey: null });
const another = await startOpenAITestServer({ apiKey: null });
process.env.GOLDSET_LLM_BASE_URL = configured.url;
process.env.GOLDSET_LLM_API_KEY = ENV_KEY;
process.env.GOLDSET_LLM_ALLOWED_HOSTS = "127.0.0.1";
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

afterAll(async () => {
  await configured.stop();
  await listener.stop();
  await another.stop();
});

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length > 0) closers.pop()!();
});

async function database(): Promise<Db> {
  const { db, close } = await openTestDatabase();
  closers.push(close);
  return db;
}

async function runOnce(db: Db, projectId: string, promptVersionId: number): Promise<void> {
  const run = await createRun({ db, projectId, promptVersionId, itemLimit: null, actorId: null, owner: currentRunOwner("server") });
  const final = await (await executeStoredRun({ db, runId: run.id, owner: currentRunOwner("server"), masterSecret: () => TEST_MASTER_SECRET })).result;
  expect(final.status).toBe("completed");
}

function requestsSince(before: number, server: typeof listener) {
  return server.stats.requests.slice(before);
}

describe("the environment's API key", () => {
  it("is sent to GOLDSET_LLM_BASE_URL and to no other base URL a member enters", async () => {
    const db = await database();
    const own = await llmProjectFixture({ db, slug: "own", baseUrl: `${configured.url}/`, texts: messageTexts(2), connection: { apiKey: "" } });
    const theirs = await llmProjectFixture({ db, slug: "theirs", baseUrl: listener.url, texts: messageTexts(3), connection: { apiKey: "" } });
    expect((await getConnectionView({ db, projectId: own.project.id })).apiKey).toEqual({ source: "environment", masked: null });
    expect((await getConnectionView({ db, projectId: theirs.project.id })).apiKey).toEqual({ source: "none", masked: null });

    const configuredBefore = configured.stats.requests.length;
    const listenerBefore = listener.stats.requests.length;
    await runOnce(db, own.project.id, own.version.id);
    await runOnce(db, theirs.project.id, theirs.version.id);

    expect(requestsSince(configuredBefore, configured).map((request) => request.authorization)).toEqual([`Bearer ${ENV_KEY}`, `Bearer ${ENV_KEY}`]);
    const heard = requestsSince(listenerBefore, listener);
    expect(heard).toHaveLength(3);
    expect(heard.map((request) => request.authorization)).toEqual([null, null, null]);
  });
});

describe("a stored API key", () => {
  function keyOnly(overrides: Partial<ConnectionInput>): ConnectionInput {
    return {
      baseUrl: configured.url,
      model: "test-model",
      temperature: 0,
      apiKey: undefined,
      clearApiKey: false,
      authScheme: "bearer",
      timeoutMs: 5_000,
      maxConcurrency: 4,
      requestsPerMinute: null,
      tokenBudget: null,
      ...overrides,
    };
  }

  it("is dropped when only the base URL changes, stays for another spelling of the same endpoint, and moves only when entered again", async () => {
    const db = await database();
    const { project, version } = await llmProjectFixture({ db, baseUrl: "http://127.0.0.1:9/v1", texts: messageTexts(2) });
    const respelled = await saveConnection({
      db,
      projectId: project.id,
      actorId: null,
      input: keyOnly({ baseUrl: "http://127.1:9/v1/" }),
      masterSecret: () => "unused",
    });
    expect(respelled.apiKey).toEqual({ source: "stored", masked: "sk-…1706" });

    const moved = await saveConnection({
      db,
      projectId: project.id,
      actorId: null,
      input: keyOnly({ baseUrl: listener.url }),
      masterSecret: () => TEST_MASTER_SECRET,
    });
    expect(moved.apiKey).toEqual({ source: "none", masked: null });
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "llm.connection.save"));
    expect(audit.map((row) => row.details.apiKey)).toEqual(["replaced", "kept", "dropped_base_url_changed"]);
    const before = listener.stats.requests.length;
    await runOnce(db, project.id, version.id);
    expect(requestsSince(before, listener).map((request) => request.authorization)).toEqual([null, null]);

    const reentered = await saveConnection({
      db,
      projectId: project.id,
      actorId: null,
      input: keyOnly({ baseUrl: another.url, apiKey: TEST_API_KEY }),
      masterSecret: () => TEST_MASTER_SECRET,
    });
    expect(reentered.apiKey).toEqual({ source: "stored", masked: "sk-…1706" });
    // Two new items, so the next run has something to ask.
    await importItems({
      db,
      projectId: project.id,
      fileName: "more.jsonl",
      format: "jsonl",
      actorId: null,
      records: ["Message 8: see you", "Message 9: win big"].map((text, i) => ({ externalId: `n${i}`, text, metadata: {}, contentHash: `n${i}` })),
    });
    await runOnce(db, project.id, version.id);
    expect(another.stats.requests.map((request) => request.authorization)).toEqual([`Bearer ${TEST_API_KEY}`, `Bearer ${TEST_API_KEY}`]);
  });
});
