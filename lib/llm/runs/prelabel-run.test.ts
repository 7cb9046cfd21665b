import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startOpenAITestServer, type OpenAITestServer, type OpenAITestServerOptions } from "@/e2e/support/openai-test-server";
import type { ConnectionSettings } from "@/lib/llm/client/connection-settings";
import { InMemoryPrelabelStore } from "./in-memory-prelabel-store";
import { startPrelabelRun, PromptVersionMismatchError, type PrelabelRunOptions, type PrelabelRunSummary } from "./prelabel-run";
import type { PrelabelProgress } from "./prelabel-store";
import { connectionTo, messageItems, spamHamDefinition, versionOf } from "./prelabel-test-fixtures";

let server: OpenAITestServer;

async function restartServer(options: OpenAITestServerOptions): Promise<void> {
  await server.stop();
  server = await startOpenAITestServer(options);
}

beforeEach(async () => {
  server = await startOpenAITestServer({ echoModel: (model) => `${model}-0125` });
});

afterEach(async () => {
  await server.stop();
});

const promptVersion = versionOf(spamHamDefinition());

function run(
  store: InMemoryPrelabelStore,
  overrides: Omit<Partial<PrelabelRunOptions>, "connection"> & { connection?: Partial<ConnectionSettings> } = {},
): Promise<PrelabelRunSummary> {
  const { connection, ...rest } = overrides;
  return startPrelabelRun({
    runId: "run-1",
    connection: connectionTo(server.url, connection),
    promptVersion,
    store,
    retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 },
    random: () => 0.5,
    ...rest,
  }).result;
}

describe("a pre-labelling run", () => {
  it("answers every item once and stores each answer with its provenance", async () => {
    const items = messageItems(9);
    const store = new InMemoryPrelabelStore(items);
    const progress: PrelabelProgress[] = [];
    const summary = await run(store, { onProgress: (event) => progress.push(event) });

    expect(summary).toMatchObject({ stoppedReason: "completed", total: 9, done: 9, invalid: 0, failed: 0, retried: 0, inFlight: 0 });
    expect([...server.stats.requestsPerItem.values()]).toEqual(Array(9).fill(1));
    for (const item of items) {
      const answer = store.answerFor(item.itemId, promptVersion.id);
      const expected = item.text.includes("free") ? "spam" : "ham";
      expect(answer?.suggestion?.labels).toEqual([expected]);
      expect(answer?.provenance).toMatchObject({
        sourceKind: "llm",
        runId: "run-1",
        model: "test-model-0125",
        requestedModel: "test-model",
        promptVersionId: "prompt-v1",
        promptHash: promptVersion.hash,
        parameters: { temperature: 0, maxTokens: 200, responseFormat: "json_schema" },
        parseStatus: "ok",
        parseError: null,
        finishReason: "stop",
        attempts: 1,
        usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) },
      });
      expect(JSON.parse(answer?.provenance.rawResponse ?? "")).toMatchObject({ object: "chat.completion", model: "test-model-0125" });
      expect(JSON.parse(answer?.provenance.rawContent ?? "")).toMatchObject({ labels: [expected] });
    }
    const tokens = store.answers.reduce((sum, answer) => sum + (answer.provenance.usage?.totalTokens ?? 0), 0);
    expect(summary.tokens).toBe(tokens);
    expect(progress.at(-1)).toEqual(summary);
    expect(store.progressEvents.at(-1)).toEqual(progress.at(-1));
  });

  it("waits at least Retry-After after a 429, and starts no other request meanwhile", async () => {
    const store = new InMemoryPrelabelStore(messageItems(12));
    server.script({ item: "Message 1:", replies: [{ kind: "status", status: 429, retryAfter: "1" }] });
    const summary = await run(store, { connection: { maxConcurrency: 4 } });

    const [limited, retried] = server.stats.requestsFor("Message 1: lunch at noon?");
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    const answeredAt = limited?.answeredAtMs ?? Number.POSITIVE_INFINITY;
    expect((retried?.receivedAtMs ?? 0) - answeredAt).toBeGreaterThanOrEqual(1_000);
    // Only requests already under way when the 429 arrived (at most the 3 other slots) may land
    // during the hold; without it the remaining items would all be asked within that second.
    const duringHold = server.stats.requests.filter((request) => request.receivedAtMs > answeredAt && request.receivedAtMs < answeredAt + 1_000);
    expect(duringHold.length).toBeLessThanOrEqual(3);
    expect(store.answerFor("item-1", promptVersion.id)?.provenance.attempts).toBe(2);
    expect(summary).toMatchObject({ done: 12, failed: 0, retried: 1 });
  });

  it("retries 500s until the server answers", async () => {
    const store = new InMemoryPrelabelStore(messageItems(3));
    server.script({ item: "Message 2:", replies: [{ kind: "status", status: 500 }, { kind: "status", status: 502 }] });
    const summary = await run(store);
    expect(server.stats.requestsFor("Message 2: lunch at noon?").map((request) => request.status)).toEqual([500, 502, 200]);
    expect(store.answerFor("item-2", promptVersion.id)?.provenance).toMatchObject({ attempts: 3, parseStatus: "ok" });
    expect(summary).toMatchObject({ done: 3, failed: 0, retried: 2 });
  });

  it("gives up on a request that hangs past the timeout and asks again", async () => {
    const store = new InMemoryPrelabelStore(messageItems(2));
    server.script({ item: "Message 0:", replies: [{ kind: "hang" }] });
    const summary = await run(store, { connection: { timeoutMs: 300 } });
    await vi.waitFor(() =>
      expect(server.stats.requestsFor("Message 0: you win a free cruise").map((request) => request.aborted)).toEqual([true, false]),
    );
    expect(store.answerFor("item-0", promptVersion.id)?.suggestion?.labels).toEqual(["spam"]);
    expect(summary).toMatchObject({ done: 2, failed: 0, retried: 1 });
  });

  it("stores malformed JSON as a parse_error with its raw text, shows no suggestion, and asks again only in a later run", async () => {
    const store = new InMemoryPrelabelStore(messageItems(3));
    server.script({ item: "Message 1:", replies: [{ kind: "content", content: '{"labels": ["ham"' }] });
    const summary = await run(store);

    const answer = store.answerFor("item-1", promptVersion.id);
    expect(answer?.suggestion).toBeNull();
    expect(answer?.provenance).toMatchObject({ parseStatus: "parse_error", rawContent: '{"labels": ["ham"' });
    expect(answer?.provenance.parseError).toMatch(/not valid JSON/);
    expect(answer?.provenance.rawResponse).toContain(JSON.stringify('{"labels": ["ham"'));
    expect(summary).toMatchObject({ done: 3, invalid: 1, failed: 0 });

    // The item stays without an answer; the next run asks once more, and the script has no bad reply left.
    const again = await run(store, { runId: "run-2" });
    expect(again).toMatchObject({ total: 1, done: 1, invalid: 0, stoppedReason: "completed" });
    expect(server.stats.requests).toHaveLength(4);
    expect(store.answerFor("item-1", promptVersion.id)?.provenance.parseStatus).toBe("ok");
  });

  it("stores a label outside the set as unknown_label, naming it", async () => {
    const store = new InMemoryPrelabelStore(messageItems(2));
    server.script({ item: "Message 0:", replies: [{ kind: "labels", labels: ["eggs"], confidence: 0.99 }] });
    const summary = await run(store);
    const answer = store.answerFor("item-0", promptVersion.id);
    expect(answer?.suggestion).toBeNull();
    expect(answer?.provenance.parseStatus).toBe("unknown_label");
    expect(answer?.provenance.parseError).toContain('"eggs"');
    expect(summary).toMatchObject({ done: 2, invalid: 1 });
  });

  it("keeps at most maxConcurrency requests in flight, and uses them", async () => {
    await restartServer({ delayMs: 60 });
    const store = new InMemoryPrelabelStore(messageItems(12));
    const summary = await run(store, { connection: { maxConcurrency: 3 } });
    expect(server.stats.maxInFlight).toBe(3);
    expect(summary).toMatchObject({ done: 12, failed: 0 });
  });

  it("records an item it gives up on as a failure, leaves it pending, and a later run answers it", async () => {
    const store = new InMemoryPrelabelStore(messageItems(4));
    server.script({ item: "Message 3:", replies: [{ kind: "status", status: 400 }] });
    const first = await run(store);
    expect(first).toMatchObject({ stoppedReason: "completed", done: 3, failed: 1, retried: 0 });
    expect(store.failures).toEqual([
      expect.objectContaining({ itemId: "item-3", runId: "run-1", errorKind: "bad_request", httpStatus: 400, attempts: 1 }),
    ]);
    expect(await store.countPendingItems({ promptVersionId: promptVersion.id })).toBe(1);

    const second = await run(store, { runId: "run-2" });
    expect(second).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect(store.answers).toHaveLength(4);
  });

  it("stops at the first authentication failure instead of failing every item", async () => {
    await restartServer({ apiKey: "sk-the-right-key-123456" });
    const store = new InMemoryPrelabelStore(messageItems(10));
    const summary = await run(store, { connection: { maxConcurrency: 1 } });
    expect(summary).toMatchObject({ stoppedReason: "auth_failed", done: 0, failed: 1 });
    expect(server.stats.requests).toHaveLength(1);
    expect(await store.countPendingItems({ promptVersionId: promptVersion.id })).toBe(10);
  });

  it("stops after too many consecutive failures, as when the server is down", async () => {
    server.script({ replies: Array(20).fill({ kind: "status", status: 503 }) });
    const store = new InMemoryPrelabelStore(messageItems(10));
    const summary = await run(store, { connection: { maxConcurrency: 1 }, retryPolicy: { maxAttempts: 2, baseDelayMs: 1 }, maxConsecutiveFailures: 3 });
    expect(summary).toMatchObject({ stoppedReason: "too_many_failures", done: 0, failed: 3, retried: 3 });
    expect(server.stats.requests).toHaveLength(6);
  });

  it("refuses a prompt version whose definition no longer matches its hash", () => {
    const changed = { ...promptVersion, definition: spamHamDefinition({ guidelines: "Edited after saving." }) };
    expect(() =>
      startPrelabelRun({ runId: "run-1", connection: connectionTo(server.url), promptVersion: changed, store: new InMemoryPrelabelStore([]) }),
    ).toThrow(PromptVersionMismatchError);
  });
});
