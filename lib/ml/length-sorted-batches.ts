/**
 * Batches texts of similar length together. A batch is padded to its longest text, so batching
 * in arrival order wastes most of the compute on padding when a 5-word SMS sits next to a
 * 150-word one; sorted batches spend it on tokens. Results come back in the caller's order.
 */

/** Indices into `texts`, longest first, cut into batches of at most `batchSize`. */
export function lengthSortedBatches(texts: readonly string[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const order = texts.map((_, index) => index);
  // Stable on ties, so equal-length texts keep their relative order and the batches are reproducible.
  order.sort((a, b) => (texts[b]?.length ?? 0) - (texts[a]?.length ?? 0));
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    batches.push(order.slice(start, start + batchSize));
  }
  return batches;
}

/**
 * Runs `embedBatch` over length-sorted batches and scatters its rows (count × dimensions,
 * row-major) back into one buffer in the order of `texts`.
 */
export async function embedInLengthSortedBatches(
  texts: readonly string[],
  batchSize: number,
  dimensions: number,
  embedBatch: (batch: string[]) => Promise<Float32Array>,
): Promise<Float32Array> {
  const vectors = new Float32Array(texts.length * dimensions);
  for (const batch of lengthSortedBatches(texts, batchSize)) {
    const rows = await embedBatch(batch.map((index) => texts[index] ?? ""));
    if (rows.length !== batch.length * dimensions) {
      throw new Error(`embedding batch returned ${rows.length} values, expected ${batch.length} × ${dimensions}`);
    }
    batch.forEach((target, row) => {
      vectors.set(rows.subarray(row * dimensions, (row + 1) * dimensions), target * dimensions);
    });
  }
  return vectors;
}
