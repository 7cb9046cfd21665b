/**
 * Messages between the app and the embedding Web Worker. Requests go in, and the worker answers
 * with status changes, one result (or failure) per embed request, and throughput after each batch.
 */
import type { ModelDtype } from "./model-source";

export interface LoadModelRequest {
  readonly type: "load";
  readonly modelId: string;
  /** Which weights file (model-source.ts' modelWeightsFile); default: encoder-defaults.ts. */
  readonly dtype?: ModelDtype;
  /** Whether the deployment lets the browser fetch a model missing locally from the model hub. */
  readonly allowRemoteModels: boolean;
  /** Caps the WebAssembly threads, e.g. to leave a core to the page; threads need cross-origin isolation. */
  readonly maxThreads?: number;
  /** Texts per inference call within an embed request; default: encoder-defaults.ts. */
  readonly batchSize?: number;
}

export interface EmbedRequest {
  readonly type: "embed";
  readonly requestId: number;
  readonly texts: readonly string[];
}

export type EmbeddingWorkerRequest = LoadModelRequest | EmbedRequest;

export interface ReadyModel {
  readonly modelId: string;
  /** Where the model came from, in words for the UI, e.g. "loaded from /models/Xenova/all-MiniLM-L6-v2 (local)". */
  readonly source: string;
  readonly dtype: ModelDtype;
  readonly dimensions: number;
  /** WebAssembly threads onnxruntime actually runs with. */
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
}

export type EmbeddingWorkerStatus =
  | { readonly state: "idle" }
  | { readonly state: "loading"; readonly modelId: string; /** 0..1 over all files */ readonly progress: number }
  | ({ readonly state: "ready" } & ReadyModel)
  | { readonly state: "failed"; readonly reason: string };

export interface EmbeddingThroughput {
  readonly lastBatchItems: number;
  readonly lastBatchSeconds: number;
  /** Since the model became ready, counting only time spent embedding. */
  readonly totalItems: number;
  readonly totalSeconds: number;
  readonly itemsPerSecond: number;
}

export type EmbeddingWorkerResponse =
  | { readonly type: "status"; readonly status: EmbeddingWorkerStatus }
  | {
      readonly type: "embedded";
      readonly requestId: number;
      readonly dimensions: number;
      /** count × dimensions, row i is the unit-length mean-pooled embedding of texts[i]; transferred. */
      readonly vectors: Float32Array;
    }
  | { readonly type: "embed-failed"; readonly requestId: number; readonly reason: string }
  | ({ readonly type: "throughput" } & EmbeddingThroughput);

/** Splits a flat count × dimensions buffer into one view per text, without copying. */
export function splitVectors(vectors: Float32Array, dimensions: number): Float32Array[] {
  if (dimensions <= 0 || vectors.length % dimensions !== 0) {
    throw new Error(`cannot split ${vectors.length} values into vectors of ${dimensions}`);
  }
  return Array.from({ length: vectors.length / dimensions }, (_, row) =>
    vectors.subarray(row * dimensions, (row + 1) * dimensions),
  );
}
