/**
 * Runs in the bench page (served by module-server.ts): starts Goldset's real embedding worker
 * through the same client the React hook uses, and times embedding requests the way the app
 * sends them. Split into prepare / measure / finish so the caller can read CPU counters around
 * the timed part only. Timing is wall-clock on the page, so it includes message passing.
 */
import { AutoTokenizer, env } from "@huggingface/transformers";
import type { ReadyModel } from "@/lib/ml/embedding-protocol";
import { lengthSortedBatches } from "@/lib/ml/length-sorted-batches";
import { LOCAL_MODELS_URL_PATH, type ModelDtype } from "@/lib/ml/model-source";
import { EmbeddingWorkerClient } from "@/lib/ml/embedding-worker-client";

export interface BrowserBenchOptions {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  readonly texts: readonly string[];
  readonly warmupTexts: readonly string[];
  readonly requestSize: number;
  readonly batchSize: number;
  readonly maxThreads?: number;
}

export interface BrowserMeasurement {
  readonly items: number;
  readonly seconds: number;
  /** The worker's own figure: time inside the encoder only. */
  readonly workerSeconds: number | null;
  readonly pageCrossOriginIsolated: boolean;
}

let session: { readonly client: EmbeddingWorkerClient; readonly options: BrowserBenchOptions } | null = null;

function waitUntilReady(client: EmbeddingWorkerClient): Promise<ReadyModel> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const { status } = client.snapshot;
      if (status.state === "ready") {
        unsubscribe();
        resolve(status);
      } else if (status.state === "failed") {
        unsubscribe();
        reject(new Error(status.reason));
      }
    };
    const unsubscribe = client.subscribe(check);
    check();
  });
}

/** Starts the worker, loads the model and runs the warm-up request. */
export async function prepare(options: BrowserBenchOptions): Promise<ReadyModel> {
  finish();
  const client = new EmbeddingWorkerClient(new Worker("/lib/ml/embedding-worker.ts", { type: "module" }));
  session = { client, options };
  client.load({
    modelId: options.modelId,
    allowRemoteModels: false,
    dtype: options.dtype,
    batchSize: options.batchSize,
    ...(options.maxThreads ? { maxThreads: options.maxThreads } : {}),
  });
  const model = await waitUntilReady(client);
  await client.embed(options.warmupTexts);
  return model;
}

/** Embeds every text in requests of `requestSize`, one after another, as the app does. */
export async function measure(): Promise<BrowserMeasurement> {
  if (!session) throw new Error("call prepare() first");
  const { client, options } = session;
  const secondsBefore = client.snapshot.throughput?.totalSeconds ?? 0;
  const started = performance.now();
  for (let start = 0; start < options.texts.length; start += options.requestSize) {
    const vectors = await client.embed(options.texts.slice(start, start + options.requestSize));
    if (vectors.length === 0) throw new Error("the worker returned no vectors");
  }
  const seconds = (performance.now() - started) / 1000;
  const secondsAfter = client.snapshot.throughput?.totalSeconds;
  return {
    items: options.texts.length,
    seconds,
    workerSeconds: secondsAfter === undefined ? null : secondsAfter - secondsBefore,
    pageCrossOriginIsolated: self.crossOriginIsolated,
  };
}

export function finish(): void {
  session?.client.terminate();
  session = null;
}

/**
 * Seconds the tokenizer alone takes for `texts` in the encoder's length-sorted, padded batches:
 * the share of embedding time that is JavaScript rather than onnxruntime. Runs on the page, the
 * same V8 as the worker, so the worker keeps its protocol free of bench-only messages.
 */
export async function tokenizeSeconds(options: { readonly modelId: string; readonly texts: readonly string[]; readonly batchSize: number }): Promise<number> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = LOCAL_MODELS_URL_PATH;
  env.useBrowserCache = false;
  const tokenizer = await AutoTokenizer.from_pretrained(options.modelId);
  const batches = lengthSortedBatches(options.texts, options.batchSize).map((batch) => batch.map((index) => options.texts[index] ?? ""));
  const started = performance.now();
  for (const batch of batches) tokenizer(batch, { padding: true, truncation: true });
  return (performance.now() - started) / 1000;
}
