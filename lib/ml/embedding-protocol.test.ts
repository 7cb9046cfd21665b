import { describe, expect, it } from "vitest";
import { splitVectors } from "./embedding-protocol";

describe("splitVectors", () => {
  it("cuts a flat buffer into one view per row without copying", () => {
    const flat = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const rows = splitVectors(flat, 3);
    expect(rows.map((row) => Array.from(row))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(rows[1]?.buffer).toBe(flat.buffer);
  });

  it("refuses a buffer that is not a whole number of rows", () => {
    expect(() => splitVectors(new Float32Array(5), 3)).toThrow(/cannot split 5 values/);
    expect(() => splitVectors(new Float32Array(0), 0)).toThrow();
  });
});
