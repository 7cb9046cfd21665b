import { describe, expect, it } from "vitest";
import { DriftAccumulator, textLength } from "./batch-drift";

// Batch 1: four labelled items over the words a, b, c. Batch 2: two unlabelled items of words the
// pool never saw. One older item (no batch) is labelled "ham".
function project(withOlderItem: boolean) {
  const drift = new DriftAccumulator();
  drift.add({ batchId: 1, text: "a b", resolvedLabels: ["spam"] });
  drift.add({ batchId: 1, text: "a c", resolvedLabels: ["spam"] });
  drift.add({ batchId: 1, text: "a b c", resolvedLabels: ["ham"] });
  drift.add({ batchId: 1, text: "b c", resolvedLabels: ["ham"] });
  drift.add({ batchId: 2, text: "zz qq", resolvedLabels: null });
  drift.add({ batchId: 2, text: "zz", resolvedLabels: null });
  if (withOlderItem) drift.add({ batchId: null, text: "a", resolvedLabels: ["ham"] });
  return drift.report();
}

describe("DriftAccumulator", () => {
  it("compares each batch with the labelled pool without it", () => {
    const [first, second] = project(true);
    // Batch 1 against the older item alone: labels {ham 2, spam 2} against {ham 1}.
    expect(first).toMatchObject({ batchId: 1, items: 4, resolved: 4, poolItems: 1, labels: { batch: { ham: 2, spam: 2 }, pool: { ham: 1 } } });
    expect(first!.labels.jsBits).toBeCloseTo(0.311278, 6);
    expect(first!.labels.test!.statistic).toBeCloseTo(5 / 6, 12);
    // Too small a pool (1 < 5) to flag anything.
    expect(first!.drifted).toBe(false);

    // Batch 2: lengths {5, 2} against the pool's {3, 3, 5, 3, 1}. F at 1, 2, 3, 5: batch 0, ½, ½, 1;
    // pool ⅕, ⅕, ⅘, 1 → D = 0.3. Medians 3.5 and 3.
    expect(second).toMatchObject({ batchId: 2, items: 2, resolved: 0, poolItems: 5, length: { batchMedian: 3.5, poolMedian: 3 } });
    expect(second!.length.ks!.d).toBeCloseTo(0.3, 12);
    expect(second!.labels).toMatchObject({ batch: {}, jsBits: null, test: null });
    // Every word is new, and the top words are disjoint.
    expect(second!.vocabulary).toMatchObject({ outOfVocabularyRate: 1, topWordsJsBits: 1 });
    expect(second!.drifted).toBe(true);
    expect(second!.reasons).toEqual(["100% of its words are new to the pool", "frequent words differ (JS 1.00 bits)"]);
  });

  it("flags nothing while the labelled pool is smaller than the minimum", () => {
    const second = project(false)[1]!;
    expect(second.poolItems).toBe(4);
    expect(second.vocabulary.outOfVocabularyRate).toBe(1);
    expect(second).toMatchObject({ drifted: false, reasons: [] });
  });

  it("flags a batch whose labels differ, once both sides are large enough", () => {
    const drift = new DriftAccumulator();
    for (let i = 0; i < 10; i++) drift.add({ batchId: 1, text: "same words here", resolvedLabels: ["ham"] });
    for (let i = 0; i < 10; i++) drift.add({ batchId: 2, text: "same words here", resolvedLabels: ["spam"] });
    const second = drift.report()[1]!;
    // X² = 20 (expected 5 per cell), p = 7.7e-6; JS 1 bit. Texts identical: no length or word drift.
    expect(second.labels.jsBits).toBe(1);
    expect(second.length.ks!.d).toBe(0);
    expect(second.vocabulary.outOfVocabularyRate).toBe(0);
    expect(second.reasons).toEqual(["labels differ (JS 1.00 bits, p < 0.001)"]);
  });
});

describe("textLength", () => {
  it("counts code points, so an emoji is one character", () => {
    expect(textLength("ok 👍")).toBe(4);
  });
});
