import { describe, expect, it } from "vitest";
import { acceptanceSummary, accuracySummary, anchoringEstimate, percentile, proportion, proportionDifference } from "./suggestion-insights";

describe("proportion intervals", () => {
  it("match Newcombe (1998), example (a): 56/70 vs 48/80, Wilson intervals and hybrid score difference", () => {
    const a = proportion(56, 70);
    const b = proportion(48, 80);
    expect(a.ci95?.low).toBeCloseTo(0.6918, 4);
    expect(a.ci95?.high).toBeCloseTo(0.877, 3);
    const d = proportionDifference(a, b);
    expect(d?.difference).toBeCloseTo(0.2, 10);
    // Newcombe, Statistics in Medicine 17:873–890, Table II, method 10: 0.0524 to 0.3339.
    expect(d?.ci95.low).toBeCloseTo(0.0524, 4);
    expect(d?.ci95.high).toBeCloseTo(0.3339, 4);
  });

  it("is undefined without data rather than zero", () => {
    expect(proportion(0, 0)).toEqual({ successes: 0, n: 0, rate: null, ci95: null });
    expect(proportionDifference(proportion(1, 2), proportion(0, 0))).toBeNull();
  });
});

describe("acceptanceSummary", () => {
  it("counts what people did with shown suggestions, overall and per suggested label", () => {
    const summary = acceptanceSummary(
      [
        { sourceKind: "llm", suggested: ["spam"], action: "accepted" },
        { sourceKind: "llm", suggested: ["spam"], action: "changed" },
        { sourceKind: "llm", suggested: ["ham"], action: "accepted" },
        { sourceKind: "llm", suggested: ["ham"], action: "rejected" },
      ],
      ["ham", "spam", "other"],
    );
    expect(summary.overall.rate).toBe(0.5);
    expect(summary.counts).toEqual({ accepted: 2, changed: 1, rejected: 1 });
    expect(summary.notSureExcluded).toBe(0);
    expect(summary.perLabel.map((row) => [row.label, row.acceptance.successes, row.acceptance.n])).toEqual([
      ["ham", 1, 2],
      ["spam", 1, 2],
      ["other", 0, 0],
    ]);
  });
  it("leaves 'not sure' answers out of the rate and says how many", () => {
    // 2 accepted of the 4 that took, changed or refused the suggestion: 50%, not 2 of 6 (33%) as
    // when the two "not sure" answers were counted as rejections.
    const summary = acceptanceSummary(
      [
        { sourceKind: "llm", suggested: ["spam"], action: "accepted" },
        { sourceKind: "llm", suggested: ["spam"], action: "changed" },
        { sourceKind: "llm", suggested: ["spam"], action: "not_sure" },
        { sourceKind: "llm", suggested: ["ham"], action: "accepted" },
        { sourceKind: "llm", suggested: ["ham"], action: "rejected" },
        { sourceKind: "llm", suggested: ["ham"], action: "not_sure" },
      ],
      ["ham", "spam"],
    );
    expect(summary.overall).toMatchObject({ successes: 2, n: 4, rate: 0.5 });
    expect(summary.counts).toEqual({ accepted: 2, changed: 1, rejected: 1 });
    expect(summary.notSureExcluded).toBe(2);
    expect(summary.perLabel.map((row) => [row.label, row.acceptance.successes, row.acceptance.n])).toEqual([
      ["ham", 1, 2],
      ["spam", 1, 2],
    ]);
  });
});

describe("accuracySummary", () => {
  it("gives exact-match accuracy, per-label precision and recall, and the confusion matrix", () => {
    const rows = [
      { predicted: ["spam"], gold: ["spam"], shownToAnnotators: true },
      { predicted: ["spam"], gold: ["ham"], shownToAnnotators: false },
      { predicted: ["ham"], gold: ["ham"], shownToAnnotators: false },
      { predicted: ["ham"], gold: ["ham"], shownToAnnotators: true },
    ];
    const summary = accuracySummary(rows, ["ham", "spam"], true);
    expect(summary.overall.rate).toBe(0.75);
    expect(summary.unseen).toMatchObject({ successes: 1, n: 2 });
    expect(summary.notSureExcluded).toBe(0);
    expect(summary.confusion).toEqual({ labels: ["ham", "spam"], counts: [[2, 1], [0, 1]] });
    const spam = summary.perLabel.find((row) => row.label === "spam")!;
    expect([spam.support, spam.precision.rate, spam.recall.rate]).toEqual([1, 0.5, 1]);
  });

  it("leaves out items everyone was not sure about, counting them from the rows", () => {
    const rows = [
      { predicted: ["spam"], gold: ["spam"], shownToAnnotators: true },
      { predicted: ["ham"], gold: ["spam"], shownToAnnotators: false },
      { predicted: ["spam"], gold: [], shownToAnnotators: true, notSureOnly: true },
      { predicted: ["ham"], gold: [], shownToAnnotators: false, notSureOnly: true },
      { predicted: ["ham"], gold: [], shownToAnnotators: false, notSureOnly: true },
    ];
    const summary = accuracySummary(rows, ["ham", "spam"], true);
    // 1 of the 2 items with a settled label, not 1 of 5; the unseen one is the miss.
    expect(summary.overall).toMatchObject({ successes: 1, n: 2, rate: 0.5 });
    expect(summary.unseen).toMatchObject({ successes: 0, n: 1 });
    expect(summary.notSureExcluded).toBe(3);
    expect(summary.confusion).toEqual({ labels: ["ham", "spam"], counts: [[0, 0], [1, 1]] });
    const ham = summary.perLabel.find((row) => row.label === "ham")!;
    expect([ham.support, ham.precision.n, ham.recall.n]).toEqual([0, 1, 0]);
  });

  it("has no square matrix for multi-label projects", () => {
    expect(accuracySummary([{ predicted: ["a", "b"], gold: ["a"], shownToAnnotators: false }], ["a", "b"], false).confusion).toBeNull();
  });
});

describe("anchoringEstimate", () => {
  it("compares agreement with the LLM when its suggestion was shown and when it was withheld", () => {
    const rows = [
      ...Array.from({ length: 9 }, () => ({ shown: true, annotated: ["spam"], notSure: false, suggested: ["spam"] })),
      { shown: true, annotated: ["ham"], notSure: false, suggested: ["spam"] },
      { shown: false, annotated: ["spam"], notSure: false, suggested: ["spam"] },
      { shown: false, annotated: ["ham"], notSure: false, suggested: ["spam"] },
      { shown: false, annotated: [], notSure: true, suggested: ["spam"] },
    ];
    const estimate = anchoringEstimate(rows);
    expect([estimate.shown.successes, estimate.shown.n]).toEqual([9, 10]);
    expect([estimate.withheld.successes, estimate.withheld.n]).toEqual([1, 2]);
    expect(estimate.sway?.difference).toBeCloseTo(0.4, 10);
    expect(estimate.notSureExcluded).toBe(1);
  });

  it("counts an empty multi-label answer given without 'not sure' (none apply), and leaves out an unsure one", () => {
    const estimate = anchoringEstimate([
      { shown: true, annotated: [], notSure: false, suggested: [] },
      { shown: true, annotated: [], notSure: false, suggested: ["a"] },
      { shown: true, annotated: [], notSure: true, suggested: [] },
      { shown: true, annotated: ["a"], notSure: true, suggested: ["a"] },
    ]);
    expect([estimate.shown.successes, estimate.shown.n]).toEqual([2, 3]);
    expect(estimate.notSureExcluded).toBe(1);
  });
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([], 50)).toBeNull();
  });
});
