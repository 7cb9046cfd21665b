import { describe, expect, it } from "vitest";
import { denseFeatureMatrix, selectRows, sparseFeatureMatrix } from "./feature-matrix";
import { sparseVectorFromEntries } from "./sparse-vector";

describe("feature matrices", () => {
  it("selects dense rows in the order asked", () => {
    const matrix = denseFeatureMatrix(Float32Array.of(1, 2, 3, 4, 5, 6), 2);
    const selected = selectRows(matrix, [2, 0]);
    expect(selected.rows).toBe(2);
    expect(selected.kind === "dense" && Array.from(selected.data)).toEqual([5, 6, 1, 2]);
  });

  it("selects sparse rows by reference", () => {
    const vectors = [sparseVectorFromEntries([[1, 1]]), sparseVectorFromEntries([[2, 1]])];
    const selected = selectRows(sparseFeatureMatrix(vectors, 4), [1]);
    expect(selected.kind === "sparse" && selected.vectors[0]).toBe(vectors[1]);
  });

  it("rejects data that do not form whole rows and columns beyond the width", () => {
    expect(() => denseFeatureMatrix(new Float32Array(5), 2)).toThrow(/dimension 2/);
    expect(() => sparseFeatureMatrix([sparseVectorFromEntries([[9, 1]])], 4)).toThrow(/row 0 has column 9/);
  });
});

describe("sparseVectorFromEntries", () => {
  it("sorts columns, sums duplicates and drops zeros", () => {
    const vector = sparseVectorFromEntries([[5, 1], [2, 0.5], [5, 2], [7, 1], [7, -1]]);
    expect(Array.from(vector.indices)).toEqual([2, 5]);
    expect(Array.from(vector.values)).toEqual([0.5, 3]);
  });
});
