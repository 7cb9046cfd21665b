import { fork, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { openTestDatabase } from "@/db/test-database";
import { importItems } from "@/db/queries/items";
import { enginePromptVersion, savePromptVersion } from "@/db/queries/llm-prompts";
import { createRun } from "@/db/queries/llm-runs";
import { SqlitePrelabelStore } from "@/db/queries/prelabel-store";
import { createProject } from "@/db/queries/projects";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { startOpenAITestServer } from "@/e2e/support/openai-test-server";
import { InMemoryPrelabelStore } from "@/lib/llm/runs/in-memory-prelabel-store";
import { startPrelabelRun } from "@/lib/llm/runs/prelabel-run";
import type { PendingItem, PrelabelStore } from "@/lib/llm/runs/prelabel-store";
import { connectionTo, messageItems, spamHamDefinition, versionOf } from "@/lib/llm/runs/prelabel-test-fixtures";
import type { PromptVersion } from "@/lib/llm/prompts/prompt-template";
import { currentRunOwner } from "@/lib/llm/runs/run-owner";

/**
 * Pre-labelling throughput against the scripted test server: every answer takes a fixed delay and
 * the server allows N requests in flight, so the best possible rate is N / delay. Prints one JSON
 * line; asserts nothing about time.
 *
 *   npx tsx --import ./scripts/server-only/register.mjs bench/prelabel.ts [--items 10000] [--delay-ms 50] [--concurrency 16] [--store memory|sqlite]
 *
 * `--store sqlite` runs against the app's store in a fresh SQLite file (claims, answers and
 * progress written as the app writes them); `memory` measures the engine alone.
 *
 * The server runs in a child process (this same file, started with --serve), as a real LLM server
 * would: sharing one event loop with the client would measure the server's cost as the client's.
 */

interface ServerReport {
  /** Items the server answered successfully more than once, summed over the extra answers. */
  repeatedAnswers: number;
  maxInFlight: number;
  overloaded: number;
}

type ServerMessage = { kind: "listening"; url: string } | { kind: "report"; report: ServerReport };

function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const itemCount = numberArgument("items", 10_000);
const delayMs = numberArgument("delay-ms", 50);
const concurrency = numberArgument("concurrency", 16);
const storeIndex = process.argv.indexOf("--store");
const storeKind = storeIndex >= 0 ? process.argv[storeIndex + 1] : "memory";
// The scripted server listens on loopback, which LLM requests reach only when it is listed.
process.env.GOLDSET_LLM_ALLOWED_HOSTS ??= "127.0.0.1";
if (storeKind !== "memory" && storeKind !== "sqlite") throw new Error("--store must be memory or sqlite");

/** A store to run against, and how to count, afterwards, what it lost and what it stored twice. */
interface BenchStore {
  store: PrelabelStore;
  runId: string;
  promptVersion: PromptVersion;
  lost: () => number | Promise<number>;
  duplicates: () => number | Promise<number>;
  close: () => void;
}

function memoryStore(items: PendingItem[]): BenchStore {
  const store = new InMemoryPrelabelStore(items);
  const promptVersion = versionOf(spamHamDefinition());
  return {
    store,
    runId: "bench-prelabel",
    promptVersion,
    lost: () => items.filter((item) => store.answerFor(item.itemId, promptVersion.id) === undefined).length,
    duplicates: () => store.duplicateAnswerAttempts,
    close: () => undefined,
  };
}

async function sqliteStore(items: PendingItem[]): Promise<BenchStore> {
  const { db, close } = await openTestDatabase();
  const project = await createProject({ db, name: "Bench", slug: "bench", taskType: "single_label", labelDefs: [{ name: "spam" }, { name: "ham" }] });
  await importItems({
    db,
    projectId: project.id,
    fileName: "bench.jsonl",
    format: "jsonl",
    actorId: null,
    records: items.map((item) => ({ externalId: item.itemId, text: item.text, metadata: {}, contentHash: item.itemId })),
  });
  const { version } = await savePromptVersion({ db, projectId: project.id, actorId: null, definition: spamHamDefinition() });
  const owner = currentRunOwner("cli");
  const run = await createRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: null, actorId: null, owner });
  const stored = async () => (await llmSuggestionRows({ db, projectId: project.id })).filter((row) => row.status !== "request_error");
  return {
    store: new SqlitePrelabelStore({ db, projectId: project.id, owner }),
    runId: String(run.id),
    promptVersion: enginePromptVersion(version),
    lost: async () => items.length - new Set((await stored()).map((row) => row.externalId)).size,
    duplicates: async () => {
      const rows = await stored();
      return rows.length - new Set(rows.map((row) => row.externalId)).size;
    },
    close,
  };
}

async function serve(): Promise<void> {
  const server = await startOpenAITestServer({ delayMs, maxConcurrency: concurrency });
  process.on("message", async (message) => {
    if (message !== "stop") return;
    await server.stop();
    const successes = new Map<string, number>();
    for (const request of server.stats.requests) {
      if (request.status === 200 && request.itemText !== null) successes.set(request.itemText, (successes.get(request.itemText) ?? 0) + 1);
    }
    const report: ServerReport = {
      repeatedAnswers: [...successes.values()].reduce((sum, count) => sum + count - 1, 0),
      maxInFlight: server.stats.maxInFlight,
      overloaded: server.stats.overloaded,
    };
    process.send?.({ kind: "report", report } satisfies ServerMessage, () => process.exit(0));
  });
  process.send?.({ kind: "listening", url: server.url } satisfies ServerMessage);
}

function nextMessage<K extends ServerMessage["kind"]>(child: ChildProcess, kind: K): Promise<Extract<ServerMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`The test server exited with code ${code}`)));
    child.on("message", (message: ServerMessage) => {
      if (message.kind === kind) resolve(message as Extract<ServerMessage, { kind: K }>);
    });
  });
}

async function measure(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--serve"], { execArgv: process.execArgv });
  const { url } = await nextMessage(child, "listening");

  const items = messageItems(itemCount);
  const bench = storeKind === "sqlite" ? await sqliteStore(items) : memoryStore(items);
  const { store, promptVersion } = bench;
  const loadAverage = loadavg()[0] ?? 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const summary = await startPrelabelRun({
    runId: bench.runId,
    connection: connectionTo(url, { maxConcurrency: concurrency, timeoutMs: 30_000 }),
    promptVersion,
    store,
  }).result;
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  const reported = nextMessage(child, "report");
  child.send("stop");
  const { report } = await reported;

  const lost = await bench.lost();
  const storedTwice = await bench.duplicates();
  bench.close();
  const itemsPerSecond = summary.done / seconds;
  const ceiling = (concurrency * 1000) / delayMs;
  console.log(
    JSON.stringify({
      bench: "prelabel",
      store: storeKind,
      items: itemCount,
      server_delay_ms: delayMs,
      server_max_concurrency: concurrency,
      client_concurrency: concurrency,
      items_per_s: Math.round(itemsPerSecond * 10) / 10,
      ceiling_items_per_s: ceiling,
      efficiency: Math.round((itemsPerSecond / ceiling) * 1000) / 1000,
      // Asked twice: answered more than once by the server, or offered to the store twice.
      duplicates: report.repeatedAnswers + storedTwice,
      lost,
      stopped_reason: summary.stoppedReason,
      server_max_in_flight: report.maxInFlight,
      server_429: report.overloaded,
      retried: summary.retried,
      failed: summary.failed,
      seconds: Math.round(seconds * 100) / 100,
      // The machine is shared: CPU per item and the load average tell contention from cost.
      client_cpu_ms_per_item: Math.round(((cpu.user + cpu.system) / 1000 / itemCount) * 1000) / 1000,
      load_average_1m: Math.round(loadAverage * 100) / 100,
    }),
  );
}

await (process.argv.includes("--serve") ? serve() : measure());
