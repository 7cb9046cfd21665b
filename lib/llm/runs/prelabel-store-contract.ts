import { describe, expect, it } from "vitest";
import type { PendingItem, PrelabelAnswer, PrelabelStore } from "./prelabel-store";

/**
 * The behaviour every PrelabelStore must have, as a reusable Vitest suite: the in-memory store runs
 * it, and so should the app's SQLite store (`prelabelStoreContract("sqlite", (items) => ...)`).
 * Resumability rests on these rules, so they are checked at the store, not only through the engine.
 */

const items: PendingItem[] = Array.from({ length: 6 }, (_, index) => ({ itemId: `item-${index}`, text: `text ${index}` }));
const version = "prompt-v1";

function answer(itemId: string, promptVersionId = version, labels = ["ham"], runId = "run-1"): PrelabelAnswer {
  return {
    itemId,
    promptVersionId,
    suggestion: { labels, confidence: 0.8, rationale: "" },
    provenance: {
      sourceKind: "llm",
      runId,
      model: "test-model",
      requestedModel: "test-model",
      promptVersionId,
      promptHash: "0".repeat(64),
      parameters: { temperature: 0, maxTokens: 100, responseFormat: "json_schema" },
      rawResponse: "{}",
      rawContent: "{}",
      parseStatus: "ok",
      parseError: null,
      finishReason: "stop",
      latencyMs: 5,
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
      attempts: 1,
      answeredAt: "2025-01-01T00:00:00.000Z",
    },
  };
}

/** Prose where JSON was asked for: stored for audit, with no suggestion. */
function invalidAnswer(itemId: string, runId: string): PrelabelAnswer {
  const valid = answer(itemId, version, [], runId);
  return { ...valid, suggestion: null, provenance: { ...valid.provenance, rawContent: "It is spam.", parseStatus: "parse_error", parseError: "not JSON" } };
}

const ids = (claimed: PendingItem[]) => claimed.map((item) => item.itemId);

export function prelabelStoreContract(name: string, createStore: (items: PendingItem[]) => Promise<PrelabelStore>): void {
  describe(`PrelabelStore contract: ${name}`, () => {
    it("claims pending items in a stable order, up to the limit, with their text", async () => {
      const store = await createStore(items);
      const claimed = await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 2 });
      expect(claimed).toEqual([items[0], items[1]]);
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(6);
    });

    it("never hands a run an item it already holds, until it releases the claim", async () => {
      const store = await createStore(items);
      await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 4 });
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 10 }))).toEqual(["item-4", "item-5"]);
      expect(await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 10 })).toEqual([]);
      await store.releaseClaims({ promptVersionId: version, runId: "run-1", itemIds: ["item-2"] });
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 10 }))).toEqual(["item-2"]);
    });

    it("treats claims held by any other run as stale", async () => {
      const store = await createStore(items);
      await store.claimPendingItems({ promptVersionId: version, runId: "crashed-run", limit: 6 });
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-2", limit: 3 }))).toEqual(["item-0", "item-1", "item-2"]);
    });

    it("never hands out an item answered for this prompt version, but does for another version", async () => {
      const store = await createStore(items);
      await store.recordAnswer(answer("item-0"));
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(5);
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-9", limit: 1 }))).toEqual(["item-1"]);
      expect(ids(await store.claimPendingItems({ promptVersionId: "prompt-v2", runId: "run-9", limit: 1 }))).toEqual(["item-0"]);
    });

    it("keeps the first valid answer per (item, prompt version) and says so on a repeat", async () => {
      const store = await createStore(items);
      expect(await store.recordAnswer(answer("item-3", version, ["spam"]))).toEqual({ stored: true });
      expect(await store.recordAnswer(answer("item-3", version, ["ham"]))).toEqual({ stored: false });
      expect(await store.recordAnswer(answer("item-3", "prompt-v2", ["ham"]))).toEqual({ stored: true });
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(5);
      expect(await store.countPendingItems({ promptVersionId: "prompt-v2" })).toBe(5);
    });

    it("leaves an item with an invalid answer without one: not for the run that got it, but for the next, which can store a valid one", async () => {
      const store = await createStore(items.slice(0, 2));
      await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 2 });
      expect(await store.recordAnswer(invalidAnswer("item-0", "run-1"))).toEqual({ stored: true });
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(2);
      expect(await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 2 })).toEqual([]);
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-2", limit: 2 }))).toEqual(["item-0", "item-1"]);
      expect(await store.recordAnswer(answer("item-0", version, ["spam"], "run-2"))).toEqual({ stored: true });
      expect(await store.recordAnswer(invalidAnswer("item-0", "run-2"))).toEqual({ stored: false });
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(1);
    });

    it("leaves a failed item pending: not for the run that gave up on it, but for the next", async () => {
      const store = await createStore(items.slice(0, 2));
      await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 2 });
      await store.recordAnswer(answer("item-0"));
      await store.recordFailure({
        itemId: "item-1",
        promptVersionId: version,
        runId: "run-1",
        errorKind: "server_error",
        httpStatus: 503,
        message: "HTTP 503",
        attempts: 5,
        failedAt: "2025-01-01T00:00:00.000Z",
      });
      expect(await store.countPendingItems({ promptVersionId: version })).toBe(1);
      expect(await store.claimPendingItems({ promptVersionId: version, runId: "run-1", limit: 2 })).toEqual([]);
      expect(ids(await store.claimPendingItems({ promptVersionId: version, runId: "run-2", limit: 2 }))).toEqual(["item-1"]);
    });
  });
}
