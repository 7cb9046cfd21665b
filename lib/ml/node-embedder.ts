/**
 * The sentence encoder under Node (onnxruntime-node), for the CLI's bulk scoring: the same
 * source decision, pipeline, pooling and batching as the browser worker, reading models from a
 * directory on disk (GOLDSET_MODELS_DIR) laid out as {modelsDir}/{modelId}/...
 */
import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env } from "@huggingface/transformers";
import { splitVectors } from "./embedding-protocol";
import { DEFAULT_DTYPE } from "./encoder-defaults";
import { modelLoadSettings, resolveModelSource, type ModelDtype, type ModelSource } from "./model-source";
import { loadSentenceEncoder } from "./sentence-encoder";

export interface NodeEmbedderOptions {
  readonly modelsDir: string;
  readonly modelId: string;
  readonly dtype?: ModelDtype;
  readonly allowRemoteModels?: boolean;
  /** onnxruntime intra-op threads; defaults to the cores available to this process. */
  readonly threads?: number;
  readonly batchSize?: number;
}

export interface NodeEmbedder {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  readonly source: Exclude<ModelSource, { kind: "unavailable" }>;
  readonly threads: number;
  readonly dimensions: number;
  /** Unit-length embeddings, one per text, in the order given (views over one buffer). */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export async function createNodeEmbedder(options: NodeEmbedderOptions): Promise<NodeEmbedder> {
  const dtype = options.dtype ?? DEFAULT_DTYPE;
  const modelsDir = path.resolve(options.modelsDir);
  const localLocation = path.join(modelsDir, options.modelId);
  const source = await resolveModelSource({
    modelId: options.modelId,
    dtype,
    allowRemoteModels: options.allowRemoteModels ?? false,
    localLocation,
    fileExists: (file) => stat(path.join(localLocation, file)).then((info) => info.isFile()),
    remoteHost: env.remoteHost,
  });
  if (source.kind === "unavailable") throw new Error(source.reason);

  const settings = modelLoadSettings(source, `${modelsDir}${path.sep}`);
  env.allowLocalModels = settings.allowLocalModels;
  env.allowRemoteModels = settings.allowRemoteModels;
  env.localModelPath = settings.localModelPath;

  const threads = Math.max(1, Math.floor(options.threads ?? os.availableParallelism()));
  const encoder = await loadSentenceEncoder({
    modelId: options.modelId,
    dtype,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });

  return {
    modelId: options.modelId,
    dtype,
    source,
    threads,
    dimensions: encoder.dimensions,
    embed: async (texts) => splitVectors(await encoder.embed(texts), encoder.dimensions),
    dispose: () => encoder.dispose(),
  };
}
