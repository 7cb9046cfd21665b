import type { SparseVector } from "./sparse-vector";

/**
 * The items a classifier trains on or scores: dense rows (sentence embeddings, row-major in one
 * Float32Array) or sparse rows (hashed features over `dim` buckets).
 */
export type FeatureMatrix = DenseFeatureMatrix | SparseFeatureMatrix;

export interface DenseFeatureMatrix {
  readonly kind: "dense";
  readonly rows: number;
  readonly dim: number;
  readonly data: Float32Array;
}

export interface SparseFeatureMatrix {
  readonly kind: "sparse";
  readonly rows: number;
  readonly dim: number;
  readonly vectors: readonly SparseVector[];
}

export function denseFeatureMatrix(data: Float32Array, dim: number): DenseFeatureMatrix {
  if (!Number.isInteger(dim) || dim < 1 || data.length % dim !== 0) {
    throw new RangeError(`feature matrix: ${data.length} values do not form rows of dimension ${dim}`);
  }
  return { kind: "dense", rows: data.length / dim, dim, data };
}

export function sparseFeatureMatrix(vectors: readonly SparseVector[], dim: number): SparseFeatureMatrix {
  vectors.forEach((vector, row) => {
    const last = vector.indices[vector.indices.length - 1];
    if (last !== undefined && last >= dim) {
      throw new RangeError(`feature matrix: row ${row} has column ${last}, outside the ${dim} columns declared`);
    }
  });
  return { kind: "sparse", rows: vectors.length, dim, vectors };
}

/** The matrix restricted to the given rows, in that order (sparse rows are shared, dense rows copied). */
export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  if (matrix.kind === "sparse") {
    return { ...matrix, rows: rows.length, vectors: Array.from(rows, (row) => matrix.vectors[row] as SparseVector) };
  }
  const data = new Float32Array(rows.length * matrix.dim);
  for (let i = 0; i < rows.length; i++) {
    const start = (rows[i] as number) * matrix.dim;
    data.set(matrix.data.subarray(start, start + matrix.dim), i * matrix.dim);
  }
  return { ...matrix, rows: rows.length, data };
}
