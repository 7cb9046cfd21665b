import type { SparseVector } from "./sparse-vector";

/**
 * Inverse document frequency over hashed features. Hashing needs no vocabulary, but a project's
 * items are all known before annotation starts, so their column document frequencies are too;
 * down-weighting columns that most items share (function words, common character n-grams) makes
 * a large difference with few labels (AG News, 1,000 labels: accuracy 0.77 -> 0.82).
 *
 * idf_j = ln((1 + n) / (1 + df_j)) + 1, scikit-learn's smoothed form, so a column no item has
 * still gets a finite weight. Fit once per project on all its items and reuse it: the classifier
 * must see the same weighting when it trains and when it scores.
 */
export function fitInverseDocumentFrequency(vectors: readonly SparseVector[], dim: number): Float32Array {
  const documentFrequency = new Float64Array(dim);
  for (const vector of vectors) {
    for (let e = 0; e < vector.indices.length; e++) {
      const j = vector.indices[e] as number;
      if (j >= dim) throw new RangeError(`idf: column ${j} is outside the ${dim} columns declared`);
      documentFrequency[j] = (documentFrequency[j] as number) + 1;
    }
  }
  const n = vectors.length;
  return Float32Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
}

/** The vector with each value multiplied by its column's idf, scaled back to unit L2 norm. */
export function applyInverseDocumentFrequency(vector: SparseVector, idf: Float32Array): SparseVector {
  const values = new Float32Array(vector.values.length);
  let normSquared = 0;
  for (let e = 0; e < values.length; e++) {
    const value = (vector.values[e] as number) * (idf[vector.indices[e] as number] ?? 1);
    values[e] = value;
    normSquared += value * value;
  }
  const inverseNorm = normSquared > 0 ? 1 / Math.sqrt(normSquared) : 0;
  for (let e = 0; e < values.length; e++) values[e] = (values[e] as number) * inverseNorm;
  return { indices: vector.indices, values };
}
