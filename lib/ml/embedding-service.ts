/**
 * What the embedding worker does, apart from the worker plumbing: configure transformers.js for
 * the model's source and for onnxruntime-web's WebAssembly backend, load the sentence encoder,
 * embed requests one at a time, and report status and throughput through `post`.
 */
import { env } from "@huggingface/transformers";
import type {
  EmbeddingWorkerRequest,
  EmbeddingWorkerResponse,
  EmbedRequest,
  LoadModelRequest,
  ReadyModel,
} from "./embedding-protocol";
import { DEFAULT_DTYPE, defaultWasmThreads } from "./encoder-defaults";
import type { ModelFileCache } from "./model-file-cache";
import { modelLoadSettings, resolveModelSource, type ModelSource } from "./model-source";
import type { OrtRuntimeUrls } from "./ort-runtime";
import { loadSentenceEncoder, type SentenceEncoder } from "./sentence-encoder";

export interface EmbeddingServiceEnvironment {
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  /** Root of the local models directory as transformers.js should read it ("/models/" in the browser). */
  readonly localModelPath: string;
  /** onnxruntime-web's WebAssembly runtime: its .mjs loader and .wasm binary. */
  readonly ortRuntime: OrtRuntimeUrls;
  /** Whether `${localModelPath}${modelId}/${relativePath}` exists. */
  readonly localFileExists: (modelId: string, relativePath: string) => Promise<boolean>;
  /** The browser's validated copy of local model files (model-file-cache.ts); null or absent: none. */
  readonly openLocalModelCache?: () => Promise<ModelFileCache | null>;
}

export type PostResponse = (message: EmbeddingWorkerResponse, transfer?: Transferable[]) => void;

export interface EmbeddingService {
  handle(request: EmbeddingWorkerRequest): Promise<void>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * WebAssembly threads need SharedArrayBuffer, which browsers grant only to cross-origin isolated
 * pages (COOP same-origin + COEP require-corp); otherwise onnxruntime-web runs on one thread.
 */
export function wasmThreadCount(crossOriginIsolated: boolean, hardwareConcurrency: number, maxThreads?: number): number {
  if (!crossOriginIsolated) return 1;
  const available = Math.max(1, Math.floor(hardwareConcurrency) || 1);
  return maxThreads === undefined ? defaultWasmThreads(available) : Math.max(1, Math.min(available, Math.floor(maxThreads)));
}

async function configureTransformers(source: ModelSource, environment: EmbeddingServiceEnvironment, threads: number): Promise<void> {
  const settings = modelLoadSettings(source, environment.localModelPath);
  env.allowLocalModels = settings.allowLocalModels;
  env.allowRemoteModels = settings.allowRemoteModels;
  env.localModelPath = settings.localModelPath;
  env.useBrowserCache = settings.useBrowserCache;
  const localCache = settings.useValidatedLocalCache ? ((await environment.openLocalModelCache?.()) ?? null) : null;
  // transformers.js consults a custom cache before its own, so it is switched off explicitly for hub models.
  env.useCustomCache = localCache !== null;
  env.customCache = localCache;
  // The runtime is a static file of our own origin, cached by HTTP like the rest of the app; a
  // second copy in the Cache API would only delay the streaming compile.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { mjs: environment.ortRuntime.mjs, wasm: environment.ortRuntime.wasm };
    wasm.numThreads = threads;
    // The worker already keeps inference off the page's thread; a proxy worker would add a hop.
    wasm.proxy = false;
  }
}

type LoadOutcome = { readonly encoder: SentenceEncoder; readonly model: ReadyModel } | { readonly failure: string };

export function createEmbeddingService(environment: EmbeddingServiceEnvironment, post: PostResponse): EmbeddingService {
  let loading: Promise<LoadOutcome> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let totalItems = 0;
  let totalSeconds = 0;

  const fail = (reason: string): LoadOutcome => {
    post({ type: "status", status: { state: "failed", reason } });
    return { failure: reason };
  };

  async function load(request: LoadModelRequest): Promise<LoadOutcome> {
    const dtype = request.dtype ?? DEFAULT_DTYPE;
    const { modelId } = request;
    post({ type: "status", status: { state: "loading", modelId, progress: 0 } });

    const source = await resolveModelSource({
      modelId,
      dtype,
      allowRemoteModels: request.allowRemoteModels,
      localLocation: `${environment.localModelPath}${modelId}`,
      fileExists: (file) => environment.localFileExists(modelId, file),
      remoteHost: env.remoteHost,
    });
    if (source.kind === "unavailable") return fail(source.reason);

    const requestedThreads = wasmThreadCount(environment.crossOriginIsolated, environment.hardwareConcurrency, request.maxThreads);
    await configureTransformers(source, environment, requestedThreads);

    let reported = 0;
    let encoder: SentenceEncoder;
    try {
      encoder = await loadSentenceEncoder({
        modelId,
        dtype,
        ...(request.batchSize ? { batchSize: request.batchSize } : {}),
        onProgress: (fraction) => {
          // Whole percents are enough for a progress bar and keep the message rate low.
          if (fraction - reported >= 0.01 || (fraction === 1 && reported < 1)) {
            reported = fraction;
            post({ type: "status", status: { state: "loading", modelId, progress: fraction } });
          }
        },
      });
    } catch (error) {
      return fail(`Could not load ${modelId} (${source.kind} source ${source.location}): ${errorMessage(error)}`);
    }

    const model: ReadyModel = {
      modelId,
      source: source.description,
      dtype,
      dimensions: encoder.dimensions,
      // onnxruntime-web lowers numThreads to 1 at start-up when threads are unavailable; read it back.
      threads: env.backends.onnx.wasm?.numThreads ?? requestedThreads,
      crossOriginIsolated: environment.crossOriginIsolated,
    };
    post({ type: "status", status: { state: "ready", ...model } });
    return { encoder, model };
  }

  async function embed(request: EmbedRequest): Promise<void> {
    const loaded: LoadOutcome = loading ? await loading : { failure: "no model loaded: send a load request first" };
    if ("failure" in loaded) {
      post({ type: "embed-failed", requestId: request.requestId, reason: loaded.failure });
      return;
    }
    const started = performance.now();
    let vectors: Float32Array;
    try {
      vectors = await loaded.encoder.embed(request.texts);
    } catch (error) {
      post({ type: "embed-failed", requestId: request.requestId, reason: errorMessage(error) });
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    post(
      { type: "embedded", requestId: request.requestId, dimensions: loaded.model.dimensions, vectors },
      [vectors.buffer],
    );
    totalItems += request.texts.length;
    totalSeconds += seconds;
    post({
      type: "throughput",
      lastBatchItems: request.texts.length,
      lastBatchSeconds: seconds,
      totalItems,
      totalSeconds,
      itemsPerSecond: totalSeconds > 0 ? totalItems / totalSeconds : 0,
    });
  }

  return {
    async handle(request) {
      if (request.type === "load") {
        const previous = loading;
        loading = (async () => {
          const current = previous ? await previous : null;
          if (current && "encoder" in current) await current.encoder.dispose();
          totalItems = 0;
          totalSeconds = 0;
          return load(request);
        })().catch((error: unknown) => fail(`Could not load ${request.modelId}: ${errorMessage(error)}`));
        await loading;
        return;
      }
      // One embed at a time: concurrent runs would only contend for the same threads.
      const next = queue.then(() => embed(request));
      queue = next;
      await next;
    },
  };
}
