import { afterEach, describe, expect, it, vi } from "vitest";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { InMemoryPrelabelStore } from "./in-memory-prelabel-store";
import { startPrelabelRun, type PrelabelLogEntry, type PrelabelRun, type PrelabelRunOptions } from "./prelabel-run";
import type { PrelabelProgress } from "./prelabel-store";
import { TEST_API_KEY, connectionTo, messageItems, spamHamDefinition, versionOf } from "./prelabel-test-fixtures";

let server: OpenAITestServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

const promptVersion = versionOf(spamHamDefinition());

function start(store: InMemoryPrelabelStore, baseUrl: string, overrides: Partial<PrelabelRunOptions> = {}): PrelabelRun {
  return startPrelabelRun({
    runId: "run-1",
    connection: connectionTo(baseUrl),
    promptVersion,
    store,
    retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 },
    random: () => 0.5,
    ...overrides,
  });
}

/** Calls `then` once the store holds `count` answers: a deterministic point in the middle of a run. */
class StoreWatchingAnswers extends InMemoryPrelabelStore {
  onAnswerCount: { count: number; then: () => void } | null = null;

  override async recordAnswer(...args: Parameters<InMemoryPrelabelStore["recordAnswer"]>) {
    const outcome = await super.recordAnswer(...args);
    if (this.onAnswerCount !== null && this.answers.length === this.onAnswerCount.count) this.onAnswerCount.then();
    return outcome;
  }
}

function expectEachItemAnsweredOnceAndNeverAskedAfterwards(store: InMemoryPrelabelStore, stats: OpenAITestServer["stats"]) {
  expect(store.duplicateAnswerAttempts).toBe(0);
  for (const item of store.items) {
    const answer = store.answerFor(item.itemId, promptVersion.id);
    expect(answer, `${item.itemId} lost`).toBeDefined();
    const askedAfterAnswer = stats.requestsFor(item.text).filter((request) => request.receivedAtMs > (answer?.storedAtMs ?? 0));
    expect(askedAfterAnswer, `${item.itemId} asked again after its answer`).toEqual([]);
  }
}

describe("stopping and resuming a run", () => {
  it("cancel aborts requests in flight; a new run finishes the rest without asking twice or losing any", async () => {
    server = await startOpenAITestServer({ delayMs: 20 });
    // Three items hang on their first request, so the cancel is sure to find requests in flight.
    server.script({ item: /^Message 1[012]:/, replies: [{ kind: "hang" }, { kind: "hang" }, { kind: "hang" }] });
    const store = new InMemoryPrelabelStore(messageItems(30));
    const first = start(store, server.url, { connection: connectionTo(server.url, { timeoutMs: 120_000 }) });
    const watcher = setInterval(() => {
      if (server?.stats.requests.filter((request) => request.reply === "hang").length === 3) first.cancel();
    }, 5);
    const cancelled = await first.result.finally(() => clearInterval(watcher));

    expect(cancelled).toMatchObject({ stoppedReason: "cancelled", failed: 0, inFlight: 0 });
    expect(cancelled.done).toBeGreaterThanOrEqual(7);
    // The server learns of an abort when the socket closes, a moment after the client lets go.
    await vi.waitFor(() => expect(server?.stats.aborted).toBeGreaterThanOrEqual(3));
    expect(store.failures).toEqual([]);
    expect(await store.countPendingItems({ promptVersionId: promptVersion.id })).toBe(30 - cancelled.done);

    const resumed = await start(store, server.url, { runId: "run-2" }).result;
    expect(resumed).toMatchObject({ stoppedReason: "completed", total: 30 - cancelled.done, done: 30 - cancelled.done, failed: 0 });
    expect(cancelled.done + resumed.done).toBe(30);
    expectEachItemAnsweredOnceAndNeverAskedAfterwards(store, server.stats);
  });

  it("pause lets requests in flight finish and be stored; resuming (same run id) asks each item exactly once", async () => {
    server = await startOpenAITestServer({ delayMs: 40 });
    const store = new StoreWatchingAnswers(messageItems(20));
    const first = start(store, server.url);
    store.onAnswerCount = { count: 5, then: () => first.pause() };
    const paused = await first.result;

    expect(paused).toMatchObject({ stoppedReason: "paused", failed: 0, inFlight: 0 });
    expect(paused.done).toBeGreaterThanOrEqual(5);
    expect(paused.done).toBeLessThan(20);
    expect(server.stats.aborted).toBe(0);
    expect(store.answers).toHaveLength(paused.done);

    store.onAnswerCount = null;
    const resumed = await start(store, server.url).result;
    expect(resumed).toMatchObject({ stoppedReason: "completed", done: 20 - paused.done });
    expect([...server.stats.requestsPerItem.values()]).toEqual(Array(20).fill(1));
    expectEachItemAnsweredOnceAndNeverAskedAfterwards(store, server.stats);
  });

  it("obeys a cancel requested through the store, even while every request hangs", async () => {
    server = await startOpenAITestServer();
    server.script({ replies: Array(4).fill({ kind: "hang" }) });
    const store = new InMemoryPrelabelStore(messageItems(8));
    const run = start(store, server.url, { connection: connectionTo(server.url, { timeoutMs: 120_000 }), stopPollIntervalMs: 20 });
    const watcher = setInterval(() => {
      if (server?.stats.inFlight === 4) store.requestStop("run-1", "cancel");
    }, 10);
    const summary = await run.result.finally(() => clearInterval(watcher));

    expect(summary).toMatchObject({ stoppedReason: "cancelled", done: 0, failed: 0, inFlight: 0 });
    await vi.waitFor(() => expect(server?.stats.aborted).toBe(4));
    expect(await store.countPendingItems({ promptVersionId: promptVersion.id })).toBe(8);
  });

  it("stops dispatching before the token budget would be exceeded, leaving the rest pending", async () => {
    server = await startOpenAITestServer();
    const store = new InMemoryPrelabelStore(messageItems(20));
    const budget = 2_500;
    const summary = await start(store, server.url, { connection: connectionTo(server.url, { tokenBudget: budget, maxConcurrency: 2 }) }).result;

    expect(summary.stoppedReason).toBe("budget");
    expect(summary.tokens).toBeLessThanOrEqual(budget);
    expect(summary.done).toBeGreaterThan(0);
    expect(summary.done).toBeLessThan(20);
    expect(summary.failed).toBe(0);
    const used = store.answers.reduce((sum, answer) => sum + (answer.provenance.usage?.totalTokens ?? 0), 0);
    expect(used).toBe(summary.tokens);
    expect(server.stats.requests).toHaveLength(summary.done);
    expect(await store.countPendingItems({ promptVersionId: promptVersion.id })).toBe(20 - summary.done);

    const rest = await start(store, server.url, { runId: "run-2" }).result;
    expect(rest).toMatchObject({ stoppedReason: "completed", done: 20 - summary.done });
    expectEachItemAnsweredOnceAndNeverAskedAfterwards(store, server.stats);
  });

  it("after a crash, a new run takes over the items the dead run had claimed", async () => {
    server = await startOpenAITestServer();
    const store = new InMemoryPrelabelStore(messageItems(10));
    const orphaned = await store.claimPendingItems({ promptVersionId: promptVersion.id, runId: "crashed-run", limit: 5 });
    expect(orphaned).toHaveLength(5);

    const summary = await start(store, server.url, { runId: "run-2" }).result;
    expect(summary).toMatchObject({ stoppedReason: "completed", total: 10, done: 10 });
    expect([...server.stats.requestsPerItem.values()]).toEqual(Array(10).fill(1));
  });

  it("never lets the API key into errors, logs, progress or stored provenance, even when the server echoes it", async () => {
    server = await startOpenAITestServer();
    server.script({ item: "Message 0:", replies: [{ kind: "status", status: 500, echoRequest: true }, { kind: "status", status: 400, echoRequest: true }] });
    server.script({ item: "Message 1:", replies: [{ kind: "content", content: (seen) => `{"labels":["ham"],"note":"${seen.authorization}"` }] });
    server.script({ item: "Message 2:", replies: [{ kind: "status", status: 429, retryAfter: "0", echoRequest: true }] });
    server.script({ item: "Message 3:", replies: [{ kind: "labels", labels: ["ham"], rationale: `signed ${TEST_API_KEY}` }] });
    const store = new InMemoryPrelabelStore(messageItems(4));
    const logs: PrelabelLogEntry[] = [];
    const progress: PrelabelProgress[] = [];
    const summary = await start(store, server.url, { log: (entry) => logs.push(entry), onProgress: (event) => progress.push(event) }).result;

    expect(server.stats.authorizationHeaders.every((header) => header === `Bearer ${TEST_API_KEY}`)).toBe(true);
    expect(store.failures[0]?.message).toContain("authorization");
    expect(store.answerFor("item-1", promptVersion.id)?.provenance.parseStatus).toBe("parse_error");
    expect(logs.some((entry) => entry.message.includes("HTTP 500"))).toBe(true);
    const everything = JSON.stringify({ summary, logs, progress, answers: store.answers, failures: store.failures, events: store.progressEvents });
    expect(everything).not.toContain(TEST_API_KEY.slice(3));
  });
});
