import { describe, expect, it } from "vitest";
import { summarizeSpanAgreement, type SpanAnnotation } from "./span-agreement";
import { unitizingAlpha } from "./unitizing-alpha";

const loc = (start: number, end: number) => ({ start, end, label: "location" });
const per = (start: number, end: number) => ({ start, end, label: "person" });

// Three annotators; item i1 done by all three, i2 by ann and bo, i3 by cy only (not pairable).
const annotations: SpanAnnotation[] = [
  { item: "i1", annotator: "ann", spans: [loc(0, 5), per(10, 14)] },
  { item: "i1", annotator: "bo", spans: [loc(0, 5), per(10, 13)] },
  { item: "i1", annotator: "cy", spans: [loc(0, 5)] },
  { item: "i2", annotator: "ann", spans: [per(2, 6)] },
  { item: "i2", annotator: "bo", spans: [per(2, 6)] },
  { item: "i3", annotator: "cy", spans: [loc(1, 2)] },
];
const itemLengths = new Map([
  ["i1", 20],
  ["i2", 10],
  ["i3", 5],
]);

describe("summarizeSpanAgreement", () => {
  const summary = summarizeSpanAgreement(annotations, { itemLengths, labels: ["location", "person"] });

  it("pools F1 over every pair on every shared item (hand-worked)", () => {
    // Comparisons: i1 ann–bo (exact 1 of 2+2, partial 2), i1 ann–cy (1 of 2+1, partial 1),
    // i1 bo–cy (1 of 2+1, partial 1), i2 ann–bo (1 of 1+1, partial 1).
    // Exact: 2·(1+1+1+1) / (4+3+3+2) = 8/12; partial: 2·(2+1+1+1) / 12 = 10/12.
    expect(summary).toMatchObject({ items: 3, annotators: 3, pairableItems: 2, comparisons: 4 });
    expect(summary.exactF1.value).toBeCloseTo(8 / 12, 12);
    expect(summary.partialF1.value).toBeCloseTo(10 / 12, 12);
  });

  it("reports per label and per pair", () => {
    // location: every comparison on i1 matches 0–5; i2 has none: 2·3 / (2+2+2) = 1.
    expect(summary.perLabel.location!.exactF1.value).toBe(1);
    // person exact: ann–bo i1 0 of 1+1, ann–cy 0 of 1+0, bo–cy 0 of 1+0, ann–bo i2 1 of 1+1: 2/6.
    expect(summary.perLabel.person!.exactF1.value).toBeCloseTo(2 / 6, 12);
    expect(summary.pairwise.map((pair) => [pair.annotators, pair.sharedItems, pair.exactF1.value])).toEqual([
      [["ann", "bo"], 2, (2 * 2) / 6],
      [["ann", "cy"], 1, (2 * 1) / 3],
      [["bo", "cy"], 1, (2 * 1) / 3],
    ]);
  });

  it("pools αu over two-observer stretches, one per comparison", () => {
    const expected = unitizingAlpha(
      [
        { length: 20, item: 0, observers: [annotations[0]!.spans, annotations[1]!.spans] },
        { length: 20, item: 0, observers: [annotations[0]!.spans, annotations[2]!.spans] },
        { length: 20, item: 0, observers: [annotations[1]!.spans, annotations[2]!.spans] },
        { length: 10, item: 1, observers: [annotations[3]!.spans, annotations[4]!.spans] },
      ],
      ["location", "person"],
    );
    expect(summary.alphaU.value).toBeCloseTo(expected.alpha.value!, 12);
    expect(summary.perLabel.location!.alphaU.value).toBe(1);
  });

  it("adds seeded bootstrap intervals over items that bracket the figures and repeat", () => {
    const many: SpanAnnotation[] = [];
    const lengths = new Map<string, number>();
    for (let item = 0; item < 30; item++) {
      const id = `item-${item}`;
      lengths.set(id, 30);
      many.push({ item: id, annotator: "a", spans: [loc(0, 5), per(10, 15)] });
      many.push({ item: id, annotator: "b", spans: item % 3 === 0 ? [loc(0, 4)] : [loc(0, 5), per(10, 15)] });
    }
    const options = { itemLengths: lengths, labels: ["location", "person"], resamples: 200, seed: 7 };
    const first = summarizeSpanAgreement(many, options);
    expect(summarizeSpanAgreement(many, options)).toEqual(first);
    for (const figure of [first.exactF1, first.partialF1, first.alphaU]) {
      expect(figure.ci95).toMatchObject({ resamples: 200, undefinedResamples: 0 });
      const interval = figure.ci95 as { low: number; high: number };
      expect(interval.low).toBeLessThanOrEqual(figure.value!);
      expect(interval.high).toBeGreaterThanOrEqual(figure.value!);
      expect(interval.high).toBeGreaterThan(interval.low);
    }
  });

  it("refuses an item without a text length", () => {
    expect(() => summarizeSpanAgreement(annotations, { itemLengths: new Map(), labels: ["location"] })).toThrow(/no text length for item "i1"/);
  });
});
