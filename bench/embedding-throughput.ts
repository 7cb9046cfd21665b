/**
 * Embedding throughput of the sentence encoder, native vs browser, on the first 2,000 SMS texts.
 *
 *   npx tsx bench/embedding-throughput.ts [--repeats 2]
 *
 * (a) Node: lib/ml/node-embedder (transformers.js on onnxruntime-node).
 * (b) Chromium: the app's own embedding worker (lib/ml/embedding-worker.ts, onnxruntime-web
 *     WebAssembly) in a cross-origin isolated page on a loopback server, driven by playwright-core.
 * Both use the random-weight test model (q8) in models/goldset-test/minilm-l6-random, generated
 * if absent: its speed is the real all-MiniLM-L6-v2's, its vectors mean nothing.
 *
 * Each runtime runs with 1 thread and with every core, interleaved and best of --repeats, since
 * other work on a shared machine only ever slows a run down. Besides items per wall second the
 * bench reports items per CPU second (all of the runtime's threads and processes), which other
 * load disturbs far less, and CPU seconds per wall second, which exceeds 1 only when more than
 * one thread really computes. Prints JSON lines; asserts nothing about time.
 * Texts: GOLDSET_DATASETS/sms_spam/SMSSpamCollection (default ../shared/datasets); without it the
 * bench prints a skip line and exits 0.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { createNodeEmbedder } from "@/lib/ml/node-embedder";
import { DEFAULT_BATCH_SIZE } from "@/lib/ml/sentence-encoder";
import type { ReadyModel } from "@/lib/ml/embedding-protocol";
import type { BrowserBenchOptions, BrowserMeasurement } from "@/scripts/browser-bench/embedding-driver";
import { startModuleServer } from "@/scripts/browser-bench/module-server";
import { TEST_MODEL_ID, writeTestModel } from "@/scripts/onnx/test-model-writer";

const ITEMS = 2000;
/** Texts per embed request, as the app's claim-embed-post loop would send them. */
const REQUEST_SIZE = 128;
/** Texts per inference call inside a request: the worker's default. */
const BATCH_SIZE = DEFAULT_BATCH_SIZE;
const DTYPE = "q8";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modelsDir = path.join(repoRoot, "models");

interface RunFigures {
  readonly runtime: "node" | "browser";
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly threads: number;
  readonly crossOriginIsolated: boolean | null;
  readonly loadAverage: number;
  readonly extra: Record<string, unknown>;
}

const itemsPerSecond = (figures: RunFigures, items: number): number => items / figures.wallSeconds;
const itemsPerCpuSecond = (figures: RunFigures, items: number): number => items / figures.cpuSeconds;

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

function loadSmsTexts(): string[] | null {
  const datasets = process.env.GOLDSET_DATASETS ? path.resolve(process.env.GOLDSET_DATASETS) : path.resolve(repoRoot, "../shared/datasets");
  const file = path.join(datasets, "sms_spam/SMSSpamCollection");
  if (!existsSync(file)) {
    emit({ bench: "embed", skipped: `SMS dataset not found at ${file}; set GOLDSET_DATASETS to the folder holding sms_spam/` });
    return null;
  }
  // TSV label<TAB>text with a header line "Label<TAB>SMS".
  const lines = readFileSync(file, "utf8").split(/\r?\n/).slice(1);
  return lines.filter((line) => line.includes("\t")).slice(0, ITEMS).map((line) => line.slice(line.indexOf("\t") + 1));
}

async function ensureTestModel(): Promise<void> {
  const modelDir = path.join(modelsDir, TEST_MODEL_ID);
  if (existsSync(path.join(modelDir, "onnx/model_quantized.onnx")) && existsSync(path.join(modelDir, "GOLDSET_TEST_MODEL.md"))) return;
  console.error(`generating the random-weight test model in ${modelDir}`);
  await writeTestModel({ outDir: modelDir });
}

async function runNode(texts: readonly string[], threads: number): Promise<RunFigures> {
  const embedder = await createNodeEmbedder({ modelsDir, modelId: TEST_MODEL_ID, dtype: DTYPE, threads, batchSize: BATCH_SIZE });
  try {
    await embedder.embed(texts.slice(0, REQUEST_SIZE));
    const loadAverage = os.loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let start = 0; start < texts.length; start += REQUEST_SIZE) await embedder.embed(texts.slice(start, start + REQUEST_SIZE));
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      runtime: "node",
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      threads: embedder.threads,
      crossOriginIsolated: null,
      loadAverage,
      extra: { source: embedder.source.description },
    };
  } finally {
    await embedder.dispose();
  }
}

/** CPU seconds used so far by every Chromium process (browser, renderer, GPU, utility). */
async function chromiumCpuSeconds(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo")) as { processInfo: { cpuTime: number }[] };
    return processInfo.reduce((sum, info) => sum + info.cpuTime, 0);
  } finally {
    await cdp.detach();
  }
}

async function runBrowser(texts: readonly string[], maxThreads: number): Promise<RunFigures> {
  const server = await startModuleServer({ repoRoot, modelsDir, driverModule: "/scripts/browser-bench/embedding-driver.ts" });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const problems: string[] = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await page.goto(server.origin);
    await page.waitForFunction('document.title === "ready"');
    const options: BrowserBenchOptions = {
      modelId: TEST_MODEL_ID,
      dtype: DTYPE,
      texts,
      warmupTexts: texts.slice(0, REQUEST_SIZE),
      requestSize: REQUEST_SIZE,
      batchSize: BATCH_SIZE,
      maxThreads,
    };
    // String expressions, so the page runs the served module rather than a serialised closure.
    const model = (await page.evaluate(`window.benchDriver.prepare(${JSON.stringify(options)})`)) as ReadyModel;
    const loadAverage = os.loadavg()[0] ?? 0;
    const cpuBefore = await chromiumCpuSeconds(browser);
    const measured = (await page.evaluate("window.benchDriver.measure()")) as BrowserMeasurement;
    const cpuSeconds = (await chromiumCpuSeconds(browser)) - cpuBefore;
    await page.evaluate("window.benchDriver.finish()");
    return {
      runtime: "browser",
      wallSeconds: measured.seconds,
      cpuSeconds,
      threads: model.threads,
      crossOriginIsolated: measured.pageCrossOriginIsolated,
      loadAverage,
      extra: {
        worker_items_per_s: measured.workerSeconds ? round(measured.items / measured.workerSeconds, 1) : null,
        worker_cross_origin_isolated: model.crossOriginIsolated,
        source: model.source,
        chromium: browser.version(),
      },
    };
  } catch (error) {
    throw new Error(`browser run failed: ${error instanceof Error ? error.message : String(error)}\n${problems.join("\n")}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

function report(figures: RunFigures, items: number, runs: number): void {
  emit({
    bench: "embed",
    runtime: figures.runtime,
    items,
    items_per_s: round(itemsPerSecond(figures, items), 1),
    threads: figures.threads,
    cross_origin_isolated: figures.crossOriginIsolated,
    items_per_cpu_s: round(itemsPerCpuSecond(figures, items), 1),
    cpu_per_wall: round(figures.cpuSeconds / figures.wallSeconds, 2),
    seconds: round(figures.wallSeconds, 2),
    load_average_1m: round(figures.loadAverage, 2),
    best_of: runs,
    model: `${TEST_MODEL_ID} (random weights)`,
    dtype: DTYPE,
    request_size: REQUEST_SIZE,
    batch_size: BATCH_SIZE,
    ...figures.extra,
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeats: { type: "string", default: "2" } } });
  const repeats = Math.max(1, Number.parseInt(values.repeats, 10) || 1);
  const texts = loadSmsTexts();
  if (!texts) return;
  await ensureTestModel();
  const cores = os.availableParallelism();

  const configs = [
    { key: "node-1", run: () => runNode(texts, 1) },
    { key: "browser-1", run: () => runBrowser(texts, 1) },
    { key: `node-${cores}`, run: () => runNode(texts, cores) },
    { key: `browser-${cores}`, run: () => runBrowser(texts, cores) },
  ];
  const fastest = new Map<string, RunFigures>();
  for (let attempt = 0; attempt < repeats; attempt += 1) {
    for (const config of configs) {
      const figures = await config.run();
      const previous = fastest.get(config.key);
      if (!previous || figures.wallSeconds < previous.wallSeconds) fastest.set(config.key, figures);
    }
  }
  const pick = (key: string): RunFigures => {
    const figures = fastest.get(key);
    if (!figures) throw new Error(`no run for ${key}`);
    return figures;
  };
  for (const config of configs) report(pick(config.key), texts.length, repeats);

  const [node1, browser1, nodeAll, browserAll] = configs.map((config) => pick(config.key)) as [RunFigures, RunFigures, RunFigures, RunFigures];
  const items = texts.length;
  emit({
    bench: "embed",
    ratio_browser_to_node: round(itemsPerSecond(browserAll, items) / itemsPerSecond(nodeAll, items), 3),
    browser_threads: browserAll.threads,
    node_threads: nodeAll.threads,
    ratio_single_thread: round(itemsPerSecond(browser1, items) / itemsPerSecond(node1, items), 3),
    ratio_per_cpu_second_single_thread: round(itemsPerCpuSecond(browser1, items) / itemsPerCpuSecond(node1, items), 3),
    browser_thread_speedup: round(itemsPerSecond(browserAll, items) / itemsPerSecond(browser1, items), 2),
    node_thread_speedup: round(itemsPerSecond(nodeAll, items) / itemsPerSecond(node1, items), 2),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
