/** A sparse feature vector: strictly increasing column indices with their values. */
export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** Builds a sparse vector from unsorted (column, value) pairs; duplicate columns are summed. */
export function sparseVectorFromEntries(entries: Iterable<readonly [number, number]>): SparseVector {
  const summed = new Map<number, number>();
  for (const [column, value] of entries) summed.set(column, (summed.get(column) ?? 0) + value);
  const columns = [...summed.keys()].filter((column) => summed.get(column) !== 0).sort((a, b) => a - b);
  const values = new Float32Array(columns.length);
  columns.forEach((column, i) => (values[i] = summed.get(column) as number));
  return { indices: Uint32Array.from(columns), values };
}

export function sparseSquaredNorm(vector: SparseVector): number {
  let sum = 0;
  for (let i = 0; i < vector.values.length; i++) sum += (vector.values[i] as number) ** 2;
  return sum;
}
