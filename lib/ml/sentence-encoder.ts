/**
 * A transformers.js feature-extraction pipeline used as a sentence encoder: mean pooling over
 * the tokens, then L2 normalisation, as sentence-transformers does for all-MiniLM-L6-v2. Shared
 * by the browser worker (onnxruntime-web) and the CLI (onnxruntime-node); the caller has already
 * pointed transformers.js' `env` at the model's source.
 */
import { pipeline } from "@huggingface/transformers";
import { DEFAULT_BATCH_SIZE } from "./encoder-defaults";
import { embedInLengthSortedBatches } from "./length-sorted-batches";
import type { ModelDtype } from "./model-source";

type SessionOptions = NonNullable<Parameters<typeof pipeline>[2]>["session_options"];

export interface SentenceEncoderOptions {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  readonly batchSize?: number;
  readonly sessionOptions?: SessionOptions;
  /** Loading progress over all of the model's files, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

export interface SentenceEncoder {
  readonly dimensions: number;
  /** count × dimensions, unit-length rows in the order of `texts`. */
  embed(texts: readonly string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export async function loadSentenceEncoder(options: SentenceEncoderOptions): Promise<SentenceEncoder> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const extractor = await pipeline("feature-extraction", options.modelId, {
    dtype: options.dtype,
    ...(options.sessionOptions ? { session_options: options.sessionOptions } : {}),
    progress_callback: (info) => {
      if (info.status === "progress_total") options.onProgress?.(info.progress / 100);
    },
  });

  const embedBatch = async (texts: string[]): Promise<Float32Array> => {
    const output = await extractor(texts, { pooling: "mean", normalize: true });
    if (!(output.data instanceof Float32Array)) {
      throw new Error(`${options.modelId} returned ${output.type} embeddings; a float32 output is expected`);
    }
    return output.data;
  };

  // One short text both warms up the session (the first run allocates) and tells the width.
  const probe = await embedBatch(["warm-up"]);
  const dimensions = probe.length;

  return {
    dimensions,
    embed: (texts) => embedInLengthSortedBatches(texts, batchSize, dimensions, embedBatch),
    dispose: () => extractor.dispose(),
  };
}
