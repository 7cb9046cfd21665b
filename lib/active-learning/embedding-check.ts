import { decodeEmbeddings, type EmbeddingFormat } from "./embedding-codec";

/**
 * The least cosine similarity a posted vector for a cross-check item must have with the one
 * stored for it. Honest disagreement stays far above it: the int8 and float16 wire formats alone
 * cost under 1e-4 (embedding-check.test.ts measures 384-dimensional unit vectors, outliers
 * included), q8's per-batch activation quantisation about 1e-5 (same text in other batches, test
 * model under onnxruntime-node), and WebAssembly against native kernels for the same weights
 * keeps cosines above about 0.99. What it is meant to catch scores well below: a made-up or
 * random vector (about 0), or the vector of another text (mostly below 0.9 for a trained
 * sentence encoder). The margin to 0.99 is there so one odd browser build does not get an honest
 * annotator refused.
 */
export const CROSS_CHECK_MIN_COSINE = 0.98;

/** Cosine similarity of two vectors of equal length; 0 when either is all zeros. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths ${a.length} and ${b.length} differ`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

export interface EncodedRow {
  readonly bytes: Uint8Array;
  readonly dim: number;
  readonly encoding: EmbeddingFormat;
}

/** Cosine similarity of two encoded rows, each decoded with its own format (int8 against float16 is fine). */
export function encodedCosine(a: EncodedRow, b: EncodedRow): number {
  return cosineSimilarity(decodeEmbeddings(a.bytes, a.dim, a.encoding), decodeEmbeddings(b.bytes, b.dim, b.encoding));
}
