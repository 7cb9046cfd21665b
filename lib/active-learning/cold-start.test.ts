import { describe, expect, it } from "vitest";
import { diversityOrder, needsColdStart } from "./cold-start";
import { denseFeatureMatrix, sparseFeatureMatrix } from "./feature-matrix";
import { sparseVectorFromEntries } from "./sparse-vector";

/**
 * Four tight clusters of five points at the corners of a 100 x 100 square: items 0-4 near (0, 0),
 * 5-9 near (100, 0), 10-14 near (0, 100), 15-19 near (100, 100). Within a cluster points are at
 * most 0.4 apart, so a D^2-weighted draw picks a new cluster with probability above 1 - 1e-5.
 */
const corners = [[0, 0], [100, 0], [0, 100], [100, 100]] as const;
const points = new Float32Array(40);
for (let i = 0; i < 20; i++) {
  const corner = corners[Math.floor(i / 5)] as readonly [number, number];
  points[2 * i] = corner[0] + (i % 5) * 0.1;
  points[2 * i + 1] = corner[1];
}
const clusterOf = (item: number) => Math.floor(item / 5);

describe("diversityOrder (k-means++ seeding)", () => {
  it("visits all four far-apart clusters with its first four picks", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const order = diversityOrder(denseFeatureMatrix(points, 2), { count: 4, seed });
      expect(new Set(Array.from(order, clusterOf)).size).toBe(4);
    }
  });

  it("starts away from what is already labelled", () => {
    // Clusters 0 and 3 are labelled: the next two picks must be in clusters 1 and 2.
    const order = diversityOrder(denseFeatureMatrix(points, 2), { count: 2, seed: 7, labelled: [0, 17] });
    expect(Array.from(order, clusterOf).sort()).toEqual([1, 2]);
  });

  it("covers the data: asked for every item, returns each exactly once, none excluded", () => {
    const order = diversityOrder(denseFeatureMatrix(points, 2), { count: 50, seed: 1, excluded: [3, 4] });
    expect(order.length).toBe(18);
    expect(new Set(order).size).toBe(18);
    expect(Array.from(order)).not.toContain(3);
    expect(Array.from(order)).not.toContain(4);
  });

  it("is reproducible from the seed", () => {
    const a = diversityOrder(denseFeatureMatrix(points, 2), { count: 10, seed: 11 });
    const b = diversityOrder(denseFeatureMatrix(points, 2), { count: 10, seed: 11 });
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("measures sparse items by the same Euclidean distance as dense ones", () => {
    const vectors = Array.from({ length: 20 }, (_, i) =>
      sparseVectorFromEntries([
        [0, points[2 * i] as number],
        [5, points[2 * i + 1] as number],
      ]),
    );
    const order = diversityOrder(sparseFeatureMatrix(vectors, 8), { count: 4, seed: 3 });
    expect(new Set(Array.from(order, clusterOf)).size).toBe(4);
  });

  it("still fills the count when the remaining items duplicate chosen ones", () => {
    const duplicates = denseFeatureMatrix(new Float32Array(6).fill(1), 2);
    expect(diversityOrder(duplicates, { count: 3, seed: 1 }).length).toBe(3);
  });
});

describe("needsColdStart", () => {
  it("holds until every class has minPerClass labels (default 3)", () => {
    expect(needsColdStart([3, 2])).toBe(true);
    expect(needsColdStart([3, 3])).toBe(false);
    expect(needsColdStart([5, 0, 9])).toBe(true);
    expect(needsColdStart([1, 1], 1)).toBe(false);
  });
});
