import { describe, expect, it } from "vitest";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import type { AnnotationRow } from "@/lib/aggregate/types";

function votes(item: string, labels: string[]): AnnotationRow[] {
  return labels.map((label, index) => ({ item, annotator: `annotator-${index}`, label }));
}

// Global counts over all rows: x 4, y 6, z 1, p 1, q 1.
const rows: AnnotationRow[] = [
  ...votes("clear", ["x", "x", "y"]),
  ...votes("x-or-y", ["x", "y"]),
  ...votes("all-y", ["y", "y", "y", "y"]),
  ...votes("x-or-z", ["z", "x"]),
  ...votes("p-or-q", ["q", "p"]),
];

function itemOf(result: ReturnType<typeof majorityVote>, item: string) {
  const found = result.items.find((entry) => entry.item === item);
  if (!found) throw new Error(`no result for ${item}`);
  return found;
}

describe("majorityVote", () => {
  it("gives the strict winner with its vote share and the full tally", () => {
    const clear = itemOf(majorityVote(rows), "clear");
    expect(clear).toEqual({
      item: "clear",
      tie: false,
      label: "x",
      confidence: 2 / 3,
      totalVotes: 3,
      votes: [
        { label: "x", count: 2 },
        { label: "y", count: 1 },
      ],
    });
  });

  it("leaves ties without a label by default and lists the tied labels in label order", () => {
    const result = majorityVote(rows);
    expect(itemOf(result, "x-or-z")).toMatchObject({ tie: true, tiedLabels: ["x", "z"], label: null, tieBrokenBy: null, confidence: 0.5 });
    expect(result.items.filter((item) => item.tie).map((item) => item.item)).toEqual(["x-or-y", "x-or-z", "p-or-q"]);
  });

  it("breaks ties with the globally most frequent tied label under the prior policy", () => {
    const result = majorityVote(rows, { ties: { policy: "prior" } });
    // y (6 votes overall) beats x (4) although x comes first in label order.
    expect(itemOf(result, "x-or-y")).toMatchObject({ tie: true, label: "y", tieBrokenBy: "prior" });
    expect(itemOf(result, "x-or-z")).toMatchObject({ label: "x" });
    // p and q have one vote each overall: the first in label order wins.
    expect(itemOf(result, "p-or-q")).toMatchObject({ label: "p" });
    expect(itemOf(result, "clear")).toMatchObject({ tie: false, label: "x" });
  });

  it("breaks ties reproducibly per item under the seeded-random policy", () => {
    const tied = Array.from({ length: 2000 }, (_, index) => votes(`item-${index}`, ["a", "b"])).flat();
    const first = majorityVote(tied, { ties: { policy: "seeded-random", seed: 42 } });
    const again = majorityVote(tied, { ties: { policy: "seeded-random", seed: 42 } });
    const otherSeed = majorityVote(tied, { ties: { policy: "seeded-random", seed: 43 } });
    const chosen = first.items.map((item) => item.label);
    expect(again.items.map((item) => item.label)).toEqual(chosen);
    expect(otherSeed.items.map((item) => item.label)).not.toEqual(chosen);
    expect(first.items.every((item) => item.tie && item.tieBrokenBy === "seeded-random")).toBe(true);
    // A fair coin over 2000 items: 1000 ± 4.5 standard deviations.
    const shareOfA = chosen.filter((label) => label === "a").length / chosen.length;
    expect(shareOfA).toBeGreaterThan(0.45);
    expect(shareOfA).toBeLessThan(0.55);
    // The choice for an item depends on the seed and that item only, not on the other items.
    const alone = majorityVote(votes("item-1234", ["a", "b"]), { ties: { policy: "seeded-random", seed: 42 } });
    expect(alone.items[0]?.label).toBe(chosen[1234]);
  });

  it("counts every rating of an annotator who rated an item more than once", () => {
    const repeated: AnnotationRow[] = [
      { item: "patient-1", annotator: "observer-1", label: "1" },
      { item: "patient-1", annotator: "observer-1", label: "1" },
      { item: "patient-1", annotator: "observer-1", label: "1" },
      { item: "patient-1", annotator: "observer-2", label: "2" },
      { item: "patient-1", annotator: "observer-3", label: "2" },
    ];
    expect(majorityVote(repeated).items[0]).toMatchObject({ tie: false, label: "1", confidence: 3 / 5, totalVotes: 5 });
  });

  it("lists numeric labels in numeric order", () => {
    expect(majorityVote(votes("scale", ["10", "9", "2", "9"])).labels).toEqual(["2", "9", "10"]);
  });

  it("returns no items for no rows", () => {
    expect(majorityVote([])).toEqual({ labels: [], items: [] });
  });
});
