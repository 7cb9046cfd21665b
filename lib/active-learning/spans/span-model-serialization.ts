import { base64ToBytes, bytesToBase64 } from "@/lib/active-learning/base64";
import type { SpanTaggerModel } from "./span-tagger";
import { FEATURES_PER_TOKEN } from "./token-features";

/**
 * The span tagger as stored in classifier_versions.model: only the hash buckets some training
 * token touched carry weights (a few thousand of 2^20 for a small project), so the buckets and
 * their weights are listed, as little-endian Int32 and Float32 bytes in base64. Float32 bytes
 * round-trip bit for bit.
 */
export const SPAN_MODEL_KIND = "span-tagger";
export const SPAN_MODEL_VERSION = 1;

export interface SerializedSpanTagger {
  readonly kind: typeof SPAN_MODEL_KIND;
  readonly version: number;
  /** Entity types in tag order: tag 0 is O, then B- and I- of each type. */
  readonly types: readonly string[];
  readonly numTags: number;
  readonly bits: number;
  readonly featuresPerToken: number;
  readonly trainingSize: number;
  /** Ascending buckets that carry weights (Int32, base64). */
  readonly buckets: string;
  /** numTags weights per listed bucket (Float32, base64). */
  readonly weights: string;
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function bytesOf(array: Int32Array | Float32Array): Uint8Array {
  if (!littleEndian) throw new Error("span model serialization: a big-endian host is not supported");
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export function serializeSpanTagger(model: SpanTaggerModel, types: readonly string[], trainingSize: number): SerializedSpanTagger {
  const { numTags, bits, weights } = model;
  const buckets: number[] = [];
  for (let bucket = 0; bucket < 2 ** bits; bucket++) {
    for (let tag = 0; tag < numTags; tag++) {
      if (weights[bucket * numTags + tag] !== 0) {
        buckets.push(bucket);
        break;
      }
    }
  }
  const listed = new Float32Array(buckets.length * numTags);
  buckets.forEach((bucket, k) => listed.set(weights.subarray(bucket * numTags, (bucket + 1) * numTags), k * numTags));
  return {
    kind: SPAN_MODEL_KIND,
    version: SPAN_MODEL_VERSION,
    types: [...types],
    numTags,
    bits,
    featuresPerToken: FEATURES_PER_TOKEN,
    trainingSize,
    buckets: bytesToBase64(bytesOf(Int32Array.from(buckets))),
    weights: bytesToBase64(bytesOf(listed)),
  };
}

export function deserializeSpanTagger(stored: SerializedSpanTagger): SpanTaggerModel {
  if (stored.kind !== SPAN_MODEL_KIND || stored.version !== SPAN_MODEL_VERSION || stored.featuresPerToken !== FEATURES_PER_TOKEN) {
    throw new Error(`span model: cannot read a ${stored.kind} model of version ${stored.version} with ${stored.featuresPerToken} features per token`);
  }
  const { numTags, bits } = stored;
  const bucketBytes = base64ToBytes(stored.buckets);
  const weightBytes = base64ToBytes(stored.weights);
  const buckets = new Int32Array(bucketBytes.buffer, bucketBytes.byteOffset, bucketBytes.byteLength / 4);
  const listed = new Float32Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.byteLength / 4);
  if (listed.length !== buckets.length * numTags) throw new Error(`span model: ${listed.length} weights for ${buckets.length} buckets of ${numTags} tags`);
  const weights = new Float32Array(2 ** bits * numTags);
  buckets.forEach((bucket, k) => weights.set(listed.subarray(k * numTags, (k + 1) * numTags), bucket * numTags));
  return { numTags, bits, weights };
}
