import { describe, expect, it } from "vitest";
import { orderByScoreDescending } from "./score-order";
import { seededRandom } from "@/lib/random";

describe("orderByScoreDescending", () => {
  it("orders negative, zero, positive and infinite scores from highest to lowest", () => {
    const scores = Float32Array.of(0.5, -2, Number.POSITIVE_INFINITY, 0, -0.25, 3, Number.NEGATIVE_INFINITY);
    expect(Array.from(orderByScoreDescending(scores))).toEqual([2, 5, 0, 3, 4, 1, 6]);
  });

  it("breaks ties by ascending index, treats -0 as 0 and puts NaN last", () => {
    const scores = Float32Array.of(1, Number.NaN, 0, 1, -0, 1);
    expect(Array.from(orderByScoreDescending(scores))).toEqual([0, 3, 5, 2, 4, 1]);
  });

  it("leaves out skipped items", () => {
    expect(Array.from(orderByScoreDescending(Float32Array.of(3, 2, 1), Uint8Array.of(0, 1, 0)))).toEqual([0, 2]);
  });

  it("agrees with a comparison sort on random scores", () => {
    const random = seededRandom(3);
    const scores = Float32Array.from({ length: 10_000 }, () => (random.next() - 0.3) * 1e3);
    const expected = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    expect(Array.from(orderByScoreDescending(scores))).toEqual(expected);
  });
});
