import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createProject } from "./projects";
import { importItems } from "./items";
import { savePromptVersion } from "./llm-prompts";
import { createRun, getRun, requestRunStop } from "./llm-runs";
import { releaseInterruptedClaims, SqlitePrelabelStore } from "./prelabel-store";
import { prelabelStoreContract } from "@/lib/llm/runs/prelabel-store-contract";
import type { PendingItem, PrelabelAnswer, PrelabelStore } from "@/lib/llm/runs/prelabel-store";
import { spamHamDefinition } from "@/lib/llm/runs/prelabel-test-fixtures";

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length > 0) closers.pop()!();
});

const OWNER = { kind: "server", pid: process.pid } as const;

async function projectWith(texts: PendingItem[]) {
  const { db, close } = await openTestDatabase();
  closers.push(close);
  const projectId = (await createProject({ db, name: "P", slug: "p", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] })).id;
  await importItems({
    db,
    projectId,
    fileName: "items.jsonl",
    format: "jsonl",
    actorId: null,
    records: texts.map((item) => ({ externalId: item.itemId, text: item.text, metadata: {}, contentHash: `h-${item.itemId}` })),
  });
  return { db, projectId };
}

async function newVersion(db: Db, projectId: string, guidelines: string): Promise<number> {
  return (await savePromptVersion({ db, projectId, actorId: null, definition: spamHamDefinition({ guidelines }) })).version.id;
}

/**
 * The contract names prompt versions and runs freely ("prompt-v2", "crashed-run"); the app's are
 * rows. This adapter creates a row the first time it meets a name and translates names to row ids
 * on the way in, so the contract exercises the SQLite store itself, ids and all.
 */
function namedIds(store: PrelabelStore, db: Db, projectId: string): PrelabelStore {
  const versions = new Map<string, string>();
  const runs = new Map<string, string>();
  const version = async (name: string) => {
    if (!versions.has(name)) versions.set(name, String(await newVersion(db, projectId, `guidelines for ${name}`)));
    return versions.get(name)!;
  };
  const run = async (name: string, promptVersionName: string) => {
    if (!runs.has(name)) {
      const created = await createRun({
        db,
        projectId,
        promptVersionId: Number(await version(promptVersionName)),
        itemLimit: null,
        actorId: null,
        owner: OWNER,
      });
      // Several named runs share a version in the contract; only one may be "running" at a time.
      await requestRunStop({ db, projectId, runId: created.id, request: "pause", actorId: null });
      runs.set(name, String(created.id));
    }
    return runs.get(name)!;
  };
  const translateAnswer = async (answer: PrelabelAnswer): Promise<PrelabelAnswer> => {
    const promptVersionId = await version(answer.promptVersionId);
    return {
      ...answer,
      promptVersionId,
      provenance: { ...answer.provenance, promptVersionId, runId: await run(answer.provenance.runId, answer.promptVersionId) },
    };
  };
  return {
    countPendingItems: async (r) => store.countPendingItems({ promptVersionId: await version(r.promptVersionId) }),
    claimPendingItems: async (r) =>
      store.claimPendingItems({ ...r, promptVersionId: await version(r.promptVersionId), runId: await run(r.runId, r.promptVersionId) }),
    releaseClaims: async (r) => store.releaseClaims({ ...r, promptVersionId: await version(r.promptVersionId), runId: await run(r.runId, r.promptVersionId) }),
    recordAnswer: async (answer) => store.recordAnswer(await translateAnswer(answer)),
    recordFailure: async (f) => store.recordFailure({ ...f, promptVersionId: await version(f.promptVersionId), runId: await run(f.runId, f.promptVersionId) }),
    recordProgress: async (p) =>
      store.recordProgress({ ...p, promptVersionId: await version(p.promptVersionId), runId: await run(p.runId, p.promptVersionId) }),
    shouldStop: (r) => store.shouldStop({ runId: runs.get(r.runId) ?? r.runId }),
  };
}

prelabelStoreContract("sqlite", async (items) => {
  const { db, projectId } = await projectWith(items);
  return namedIds(new SqlitePrelabelStore({ db, projectId }), db, projectId);
});

const sixItems = Array.from({ length: 6 }, (_, i) => ({ itemId: `item-${i}`, text: `text ${i}` }));

describe("SqlitePrelabelStore in the app", () => {
  it("reads stop requests from the run's status and publishes progress with its owner", async () => {
    const { db, projectId } = await projectWith(sixItems);
    const versionId = await newVersion(db, projectId, "g");
    const run = await createRun({ db, projectId, promptVersionId: versionId, itemLimit: null, actorId: null, owner: OWNER });
    const store = new SqlitePrelabelStore({ db, projectId, owner: OWNER });
    expect(await store.shouldStop({ runId: String(run.id) })).toBeNull();
    await store.recordProgress({
      runId: String(run.id),
      promptVersionId: String(versionId),
      total: 6,
      done: 2,
      invalid: 0,
      failed: 1,
      retried: 3,
      tokens: 120,
      inFlight: 1,
      etaSeconds: 4,
      stoppedReason: null,
    });
    expect((await getRun({ db, runId: run.id }))?.progress).toMatchObject({ total: 6, done: 2, failed: 1, retried: 3, tokens: 120, owner: OWNER });
    await requestRunStop({ db, projectId, runId: run.id, request: "cancel", actorId: null });
    expect(await store.shouldStop({ runId: String(run.id) })).toBe("cancel");
  });

  it("refuses keys that are not rows of this project", async () => {
    const { db, projectId } = await projectWith(sixItems);
    const store = new SqlitePrelabelStore({ db, projectId });
    await expect(store.countPendingItems({ promptVersionId: "prompt-v1" })).rejects.toThrow(/not a stored id/);
    await expect(store.countPendingItems({ promptVersionId: "999" })).rejects.toThrow(/not in project/);
  });

  it("gives back an interrupted run's claims except on items it gave up on or got an invalid answer for", async () => {
    const { db, projectId } = await projectWith(sixItems);
    const versionId = String(await newVersion(db, projectId, "g"));
    const run = await createRun({ db, projectId, promptVersionId: Number(versionId), itemLimit: null, actorId: null, owner: OWNER });
    const runId = String(run.id);
    const store = new SqlitePrelabelStore({ db, projectId });
    await store.claimPendingItems({ promptVersionId: versionId, runId, limit: 3 });
    await store.recordFailure({
      itemId: "item-1",
      promptVersionId: versionId,
      runId,
      errorKind: "server_error",
      httpStatus: 500,
      message: "HTTP 500",
      attempts: 5,
      failedAt: new Date().toISOString(),
    });
    await store.recordAnswer({
      itemId: "item-2",
      promptVersionId: versionId,
      suggestion: null,
      provenance: {
        sourceKind: "llm",
        runId,
        model: "test-model",
        requestedModel: "test-model",
        promptVersionId: versionId,
        promptHash: "0".repeat(64),
        parameters: { temperature: 0, maxTokens: 100, responseFormat: "none" },
        rawResponse: "{}",
        rawContent: "It is spam.",
        parseStatus: "parse_error",
        parseError: "not JSON",
        finishReason: "stop",
        latencyMs: 5,
        usage: null,
        attempts: 1,
        answeredAt: new Date().toISOString(),
      },
    });
    expect(await releaseInterruptedClaims({ db, runId: run.id })).toBe(1);
    const resumed = new SqlitePrelabelStore({ db, projectId });
    const again = await resumed.claimPendingItems({ promptVersionId: versionId, runId, limit: 10 });
    expect(again.map((item) => item.itemId)).toEqual(["item-0", "item-3", "item-4", "item-5"]);
  });
});
