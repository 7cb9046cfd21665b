/**
 * Embedding throughput of the sentence encoder, native vs browser, on the first 2,000 SMS texts.
 *
 *   npx tsx bench/embedding-throughput.ts [--repeats 2] [--dtypes q8,fp32] [--threads 1,2] [--batch 8]
 *
 * (a) Node: lib/ml/node-embedder (transformers.js on onnxruntime-node).
 * (b) Chromium: the app's own embedding worker (lib/ml/embedding-worker.ts, onnxruntime-web
 *     WebAssembly) in a cross-origin isolated page on a loopback server, driven by playwright-core.
 * Both load the same file of the random-weight test model in models/goldset-test/minilm-l6-random
 * (generated if absent) for each dtype, with the same thread count and batch size, so a ratio
 * compares runtimes and nothing else. Its speed is the real all-MiniLM-L6-v2's; its vectors mean
 * nothing.
 *
 * Every (dtype, threads) pair runs natively and in the browser, all of them interleaved and each
 * best of --repeats, since other work on a shared machine only ever slows a run down. Besides
 * items per wall second the bench reports items per CPU second (all of the runtime's threads and
 * processes), which other load disturbs far less, and CPU seconds per wall second, which exceeds 1
 * only when more than one thread really computes. A tokenizer-only line says how much of the time
 * is JavaScript. Prints one JSON line per (dtype, threads) pair, then a summary line for the
 * configuration the app's worker uses (lib/ml/encoder-defaults.ts); asserts nothing about time.
 * Texts: GOLDSET_DATASETS/sms_spam/SMSSpamCollection (default ../shared/datasets); without it the
 * bench prints a skip line and exits 0.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { AutoTokenizer, env } from "@huggingface/transformers";
import { chromium, type Browser, type Page } from "playwright-core";
import type { ReadyModel } from "@/lib/ml/embedding-protocol";
import { DEFAULT_BATCH_SIZE, DEFAULT_DTYPE, defaultWasmThreads } from "@/lib/ml/encoder-defaults";
import { lengthSortedBatches } from "@/lib/ml/length-sorted-batches";
import { modelWeightsFile, MODEL_DTYPES, type ModelDtype } from "@/lib/ml/model-source";
import { createNodeEmbedder } from "@/lib/ml/node-embedder";
import type { BrowserBenchOptions, BrowserMeasurement } from "@/scripts/browser-bench/embedding-driver";
import { startModuleServer, type ModuleServer } from "@/scripts/browser-bench/module-server";
import { TEST_MODEL_ID, writeTestModel } from "@/scripts/onnx/test-model-writer";

const ITEMS = 2000;
/** Texts per embed request, as the app's claim-embed-post loop sends them. */
const REQUEST_SIZE = 128;
/** The goal: the browser at least half as fast as native. */
const GOAL_RATIO = 0.5;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modelsDir = path.join(repoRoot, "models");

interface RunFigures {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Threads the runtime reports it runs with. */
  readonly threads: number;
  readonly crossOriginIsolated: boolean | null;
  readonly loadAverage: number;
}

interface Config {
  readonly dtype: ModelDtype;
  readonly threads: number;
}

const configKey = (runtime: "node" | "browser", config: Config): string => `${runtime}/${config.dtype}/${config.threads}`;

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

async function ensureTestModel(dtypes: readonly ModelDtype[]): Promise<void> {
  const modelDir = path.join(modelsDir, TEST_MODEL_ID);
  const present = (file: string): boolean => existsSync(path.join(modelDir, file));
  if (present("GOLDSET_TEST_MODEL.md") && dtypes.every((dtype) => present(modelWeightsFile(dtype)))) return;
  console.error(`generating the random-weight test model in ${modelDir}`);
  await writeTestModel({ outDir: modelDir });
}

async function runNode(texts: readonly string[], config: Config, batchSize: number): Promise<RunFigures> {
  const embedder = await createNodeEmbedder({ modelsDir, modelId: TEST_MODEL_ID, dtype: config.dtype, threads: config.threads, batchSize });
  try {
    await embedder.embed(texts.slice(0, REQUEST_SIZE));
    const loadAverage = os.loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let start = 0; start < texts.length; start += REQUEST_SIZE) await embedder.embed(texts.slice(start, start + REQUEST_SIZE));
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, threads: embedder.threads, crossOriginIsolated: null, loadAverage };
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

/** One Chromium and one server for the whole bench; every run gets a fresh page, hence a fresh worker. */
interface BrowserHarness {
  readonly browser: Browser;
  readonly server: ModuleServer;
  close(): Promise<void>;
}

async function startBrowserHarness(): Promise<BrowserHarness> {
  const server = await startModuleServer({ repoRoot, modelsDir, driverModule: "/scripts/browser-bench/embedding-driver.ts" });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  return {
    browser,
    server,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

async function withBenchPage<T>(harness: BrowserHarness, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await harness.browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  try {
    await page.goto(harness.server.origin);
    await page.waitForFunction('document.title === "ready"');
    return await run(page);
  } catch (error) {
    throw new Error(`browser run failed: ${error instanceof Error ? error.message : String(error)}\n${problems.join("\n")}`);
  } finally {
    await page.close();
  }
}

async function runBrowser(harness: BrowserHarness, texts: readonly string[], config: Config, batchSize: number): Promise<RunFigures> {
  return withBenchPage(harness, async (page) => {
    const options: BrowserBenchOptions = {
      modelId: TEST_MODEL_ID,
      dtype: config.dtype,
      texts,
      warmupTexts: texts.slice(0, REQUEST_SIZE),
      requestSize: REQUEST_SIZE,
      batchSize,
      maxThreads: config.threads,
    };
    // String expressions, so the page runs the served module rather than a serialised closure.
    const model = (await page.evaluate(`window.benchDriver.prepare(${JSON.stringify(options)})`)) as ReadyModel;
    const loadAverage = os.loadavg()[0] ?? 0;
    const cpuBefore = await chromiumCpuSeconds(harness.browser);
    const measured = (await page.evaluate("window.benchDriver.measure()")) as BrowserMeasurement;
    const cpuSeconds = (await chromiumCpuSeconds(harness.browser)) - cpuBefore;
    await page.evaluate("window.benchDriver.finish()");
    if (model.crossOriginIsolated !== measured.pageCrossOriginIsolated) {
      throw new Error(`the worker (${model.crossOriginIsolated}) and the page (${measured.pageCrossOriginIsolated}) disagree on cross-origin isolation`);
    }
    return { wallSeconds: measured.seconds, cpuSeconds, threads: model.threads, crossOriginIsolated: model.crossOriginIsolated, loadAverage };
  });
}

/** Seconds to tokenize every text in the encoder's batches, natively and on the page. */
async function tokenizerSeconds(harness: BrowserHarness, texts: readonly string[], batchSize: number): Promise<{ node: number; browser: number }> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = `${modelsDir}${path.sep}`;
  const tokenizer = await AutoTokenizer.from_pretrained(TEST_MODEL_ID);
  const batches = lengthSortedBatches(texts, batchSize).map((batch) => batch.map((index) => texts[index] ?? ""));
  const started = performance.now();
  for (const batch of batches) tokenizer(batch, { padding: true, truncation: true });
  const node = (performance.now() - started) / 1000;
  const browser = await withBenchPage(harness, async (page) => {
    const options = { modelId: TEST_MODEL_ID, texts, batchSize };
    return (await page.evaluate(`window.benchDriver.tokenizeSeconds(${JSON.stringify(options)})`)) as number;
  });
  return { node, browser };
}

function parseList<T>(value: string, parse: (item: string) => T | null, what: string): T[] {
  const items = value.split(",").map((item) => item.trim()).filter(Boolean);
  const parsed = items.map((item) => {
    const result = parse(item);
    if (result === null) throw new Error(`--${what}: "${item}" is not valid`);
    return result;
  });
  if (parsed.length === 0) throw new Error(`--${what} needs at least one value`);
  return [...new Set(parsed)];
}

const positiveInteger = (item: string): number | null => (/^\d+$/.test(item) && Number(item) > 0 ? Number(item) : null);

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  const appThreads = defaultWasmThreads(cores);
  const { values } = parseArgs({
    options: {
      repeats: { type: "string", default: "2" },
      dtypes: { type: "string", default: MODEL_DTYPES.join(",") },
      threads: { type: "string", default: [...new Set([1, appThreads])].join(",") },
      batch: { type: "string", default: String(DEFAULT_BATCH_SIZE) },
    },
  });
  const repeats = positiveInteger(values.repeats) ?? 1;
  const dtypes = parseList(values.dtypes, (item) => (MODEL_DTYPES.includes(item as ModelDtype) ? (item as ModelDtype) : null), "dtypes");
  const threadCounts = parseList(values.threads, positiveInteger, "threads");
  const batchSize = positiveInteger(values.batch);
  if (batchSize === null) throw new Error(`--batch: "${values.batch}" is not a positive integer`);

  const texts = loadSmsTexts();
  if (!texts) return;
  await ensureTestModel(dtypes);
  const configs: Config[] = dtypes.flatMap((dtype) => threadCounts.map((threads) => ({ dtype, threads })));

  const harness = await startBrowserHarness();
  const chromiumVersion = harness.browser.version();
  const fastest = new Map<string, RunFigures>();
  const leastCpu = new Map<string, number>();
  const record = (key: string, figures: RunFigures): void => {
    const previous = fastest.get(key);
    if (!previous || figures.wallSeconds < previous.wallSeconds) fastest.set(key, figures);
    leastCpu.set(key, Math.min(leastCpu.get(key) ?? Infinity, figures.cpuSeconds));
  };
  let tokenizer: { node: number; browser: number };
  try {
    tokenizer = await tokenizerSeconds(harness, texts, batchSize);
    for (let attempt = 0; attempt < repeats; attempt += 1) {
      for (const config of configs) {
        record(configKey("node", config), await runNode(texts, config, batchSize));
        record(configKey("browser", config), await runBrowser(harness, texts, config, batchSize));
      }
    }
  } finally {
    await harness.close();
  }

  const items = texts.length;
  const figuresOf = (runtime: "node" | "browser", config: Config) => {
    const run = fastest.get(configKey(runtime, config));
    const cpuSeconds = leastCpu.get(configKey(runtime, config));
    if (!run || cpuSeconds === undefined) throw new Error(`no ${runtime} run for ${config.dtype} with ${config.threads} threads`);
    return {
      itemsPerSecond: items / run.wallSeconds,
      itemsPerCpuSecond: items / cpuSeconds,
      cpuPerWall: run.cpuSeconds / run.wallSeconds,
      threads: run.threads,
      crossOriginIsolated: run.crossOriginIsolated,
      loadAverage: run.loadAverage,
    };
  };

  emit({
    bench: "embed",
    tokenizer_only: true,
    items,
    batch_size: batchSize,
    node_items_per_s: round(items / tokenizer.node, 0),
    browser_items_per_s: round(items / tokenizer.browser, 0),
  });

  const lines = configs.map((config) => {
    const node = figuresOf("node", config);
    const browser = figuresOf("browser", config);
    const line = {
      bench: "embed",
      dtype: config.dtype,
      weights_file: modelWeightsFile(config.dtype),
      threads: config.threads,
      node_threads: node.threads,
      browser_threads: browser.threads,
      cross_origin_isolated: browser.crossOriginIsolated,
      node_items_per_s: round(node.itemsPerSecond, 1),
      browser_items_per_s: round(browser.itemsPerSecond, 1),
      ratio: round(browser.itemsPerSecond / node.itemsPerSecond, 3),
      node_items_per_cpu_s: round(node.itemsPerCpuSecond, 1),
      browser_items_per_cpu_s: round(browser.itemsPerCpuSecond, 1),
      ratio_per_cpu_s: round(browser.itemsPerCpuSecond / node.itemsPerCpuSecond, 3),
      node_cpu_per_wall: round(node.cpuPerWall, 2),
      browser_cpu_per_wall: round(browser.cpuPerWall, 2),
      load_average_1m: round(Math.max(node.loadAverage, browser.loadAverage), 2),
      items,
      batch_size: batchSize,
      request_size: REQUEST_SIZE,
      best_of: repeats,
      model: `${TEST_MODEL_ID} (random weights)`,
      chromium: chromiumVersion,
    };
    emit(line);
    return line;
  });

  const appLine = lines.find((line) => line.dtype === DEFAULT_DTYPE && line.threads === appThreads && batchSize === DEFAULT_BATCH_SIZE);
  const fastestBrowser = lines.reduce((best, line) => (line.browser_items_per_s > best.browser_items_per_s ? line : best));
  emit({
    bench: "embed",
    summary: true,
    app_config: { dtype: DEFAULT_DTYPE, threads: appThreads, batch_size: DEFAULT_BATCH_SIZE },
    ...(appLine
      ? {
          node_items_per_s: appLine.node_items_per_s,
          browser_items_per_s: appLine.browser_items_per_s,
          ratio_browser_to_node: appLine.ratio,
          ratio_per_cpu_s: appLine.ratio_per_cpu_s,
          cross_origin_isolated: appLine.cross_origin_isolated,
          browser_cpu_per_wall: appLine.browser_cpu_per_wall,
          goal_ratio: GOAL_RATIO,
          goal_met: appLine.ratio >= GOAL_RATIO,
        }
      : { app_config_measured: false }),
    fastest_browser: { dtype: fastestBrowser.dtype, threads: fastestBrowser.threads, items_per_s: fastestBrowser.browser_items_per_s },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
