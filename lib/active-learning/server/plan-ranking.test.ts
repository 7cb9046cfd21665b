import { describe, expect, it } from "vitest";
import { denseFeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { evaluateHeldOut, foldOf, isHeldOut } from "./held-out-metrics";
import { llmDisagreementBoost } from "./llm-disagreement";
import { planRanking, type RankingSettings } from "./plan-ranking";

const DEFAULTS = workflowSettings({}).ranking;

/** Items on a line: x < 0 is label 0, x > 0 label 1; |x| small means uncertain. */
function lineProblem(xs: number[]) {
  const data = new Float32Array(xs.length * 2);
  xs.forEach((x, row) => {
    data[2 * row] = x;
    data[2 * row + 1] = 1;
  });
  return denseFeatureMatrix(data, 2);
}

const settings = (changes: Partial<RankingSettings>): RankingSettings => ({ ...DEFAULTS, explorationShare: 0, rareClassBoost: 0, disagreementBoost: 0, minPerClass: 1, ...changes });

describe("planRanking", () => {
  const xs = [-3, -2, 2, 3, -0.05, 0.1, -1, 1.5, 0.02, -2.5];
  const features = lineProblem(xs);
  const open = Uint8Array.from(xs, (_, row) => (row < 4 ? 0 : 1));
  const examples = [
    { key: 1, row: 0, labels: [0] },
    { key: 2, row: 1, labels: [0] },
    { key: 3, row: 2, labels: [1] },
    { key: 4, row: 3, labels: [1] },
  ];

  it("orders the open items by margin uncertainty, the items nearest the boundary first", () => {
    const plan = planRanking({ multiLabel: false, numClasses: 2, features, open, examples, settings: settings({}), seed: 1 });
    expect(plan.coldStart).toBe(false);
    expect(plan.untrained).toBeNull();
    expect(Array.from(plan.order)).toEqual([8, 4, 5, 6, 7, 9]);
    expect(plan.scores![8]!.predicted).toEqual([1]);
    expect(plan.scores![4]!.predicted).toEqual([0]);
    // Closed (labelled) rows are scored but never queued.
    expect(plan.scores![0]!.confidence).toBeGreaterThan(0.9);
  });

  it("gives the configured share of positions to random items, and marks them", () => {
    const plan = planRanking({ multiLabel: false, numClasses: 2, features, open, examples, settings: settings({ explorationShare: 0.5 }), seed: 7 });
    const explored = Array.from(plan.order).filter((row) => plan.scores![row]!.exploration);
    expect(explored).toHaveLength(3);
    expect(new Set(plan.order).size).toBe(6);
  });

  it("boosts items where the model and the latest LLM answer disagree", () => {
    const llmLabels = new Map([
      [9, [1]], // the model says 0 for x = -2.5: disagreement
      [7, [1]], // agrees
    ]);
    const plan = planRanking({ multiLabel: false, numClasses: 2, features, open, examples, settings: settings({ disagreementBoost: 2 }), seed: 1, llmLabels });
    expect(plan.order[0]).toBe(9);
    expect(plan.scores![9]!.disagreementBoost).toBe(2);
    expect(plan.scores![7]!.disagreementBoost).toBe(0);
  });

  it("stays in cold start, with no model, while only one label has examples", () => {
    const plan = planRanking({ multiLabel: false, numClasses: 2, features, open, examples: examples.slice(0, 2), settings: settings({ minPerClass: 2 }), seed: 3 });
    expect(plan).toMatchObject({ model: null, coldStart: true, scores: null, diversityPicks: 6 });
    expect(plan.untrained).toMatch(/only one label has examples/);
    expect(new Set(plan.order)).toEqual(new Set([4, 5, 6, 7, 8, 9]));
  });

  it("trains one-vs-rest for multi-label projects and predicts label sets", () => {
    const multi = [
      { key: 1, row: 0, labels: [0] },
      { key: 2, row: 1, labels: [0, 2] },
      { key: 3, row: 2, labels: [1] },
      { key: 4, row: 3, labels: [1, 2] },
    ];
    const plan = planRanking({ multiLabel: true, numClasses: 3, features, open, examples: multi, settings: settings({}), seed: 1 });
    expect(plan.model?.kind).toBe("one-vs-rest");
    expect(plan.scores![9]!.predicted).toContain(0);
    expect(plan.scores![9]!.predicted).not.toContain(1);
    expect(plan.heldOut).toEqual({ evaluated: false, reason: "4 resolved item(s); a held-out estimate needs at least 20" });
  });
});

describe("planRanking: no settled item is scored by a model that saw its labels", () => {
  /** The first `count` keys after `from` in the given fold. */
  const keysInFold = (fold: number, count: number, from = 1) => {
    const keys: number[] = [];
    for (let key = from; keys.length < count; key++) if (foldOf(key) === fold) keys.push(key);
    return keys;
  };

  it("gives a settled item the same score whatever its own label is", () => {
    // One column per item besides the shared one: a model that trained on an item can memorise its label.
    const rows = 30;
    const data = new Float32Array(rows * (rows + 1));
    for (let row = 0; row < rows; row++) {
      data[row * (rows + 1) + row] = 1;
      data[row * (rows + 1) + rows] = row % 2 === 0 ? 0.5 : -0.5;
    }
    const oneHot = denseFeatureMatrix(data, rows + 1);
    const examples = Array.from({ length: 24 }, (_, row) => ({ key: row + 1, row, labels: [row % 2] }));
    const plan = (firstLabel: number) =>
      planRanking({
        multiLabel: false,
        numClasses: 2,
        features: oneHot,
        open: new Uint8Array(rows).fill(1),
        examples: [{ ...examples[0]!, labels: [firstLabel] }, ...examples.slice(1)],
        settings: settings({}),
        seed: 1,
      });
    const asZero = plan(0);
    const asOne = plan(1);
    expect(asZero.scores![0]).toMatchObject({ outOfFold: true });
    expect(asOne.scores![0]).toEqual(asZero.scores![0]);
    // The full model, which does see the label, scores the unsettled items.
    expect(asZero.scores![rows - 1]).toMatchObject({ outOfFold: false });
  });

  it("gives no prediction to settled items whose other folds hold a single label", () => {
    const [spamKey] = keysInFold(1, 1);
    const hamKeys = keysInFold(2, 2);
    const lonely = [
      { key: spamKey!, row: 0, labels: [0] },
      { key: hamKeys[0]!, row: 2, labels: [1] },
      { key: hamKeys[1]!, row: 3, labels: [1] },
    ];
    const line = lineProblem([-3, -2, 2, 3]);
    const plan = planRanking({ multiLabel: false, numClasses: 2, features: line, open: new Uint8Array(4).fill(1), examples: lonely, settings: settings({}), seed: 1 });
    expect(plan.model).not.toBeNull();
    expect([plan.scores![0], plan.scores![2], plan.scores![3]]).toEqual([null, null, null]);
    expect(plan.scores![1]).toMatchObject({ predicted: [0], outOfFold: false });
  });
});

describe("evaluateHeldOut", () => {
  it("holds out the same fifth of the items in every version", () => {
    const held = Array.from({ length: 10_000 }, (_, key) => isHeldOut(key));
    expect(held.filter(Boolean).length / held.length).toBeCloseTo(0.2, 1);
    expect(Array.from({ length: 10_000 }, (_, key) => isHeldOut(key))).toEqual(held);
  });

  it("scores a separable problem perfectly, single- and multi-label, and its model warm-starts the next estimate", () => {
    const xs = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (1 + (i % 5)));
    const features = lineProblem(xs);
    const heldOut = xs.filter((_, row) => isHeldOut(row + 1)).length;
    const examples = xs.map((x, row) => ({ key: row + 1, row, labels: [x < 0 ? 0 : 1] }));
    const single = evaluateHeldOut({ features, examples, multiLabel: false, numClasses: 2 });
    expect(single.metrics).toMatchObject({ evaluated: true, testItems: heldOut, trainItems: 40 - heldOut, accuracy: 1, macroF1: 1 });
    const again = evaluateHeldOut({ features, examples, multiLabel: false, numClasses: 2, warmStart: single.model });
    expect(again.metrics).toMatchObject({ evaluated: true, accuracy: 1 });
    const multi = evaluateHeldOut({ features, examples: examples.map((e) => ({ ...e, labels: e.labels[0] === 0 ? [0] : [1] })), multiLabel: true, numClasses: 2 });
    expect(multi.metrics).toMatchObject({ evaluated: true, accuracy: 1, macroF1: 1 });
  });
});

describe("llmDisagreementBoost", () => {
  it("is off without LLM answers and compares label sets, not order", () => {
    expect(llmDisagreementBoost({ llmLabels: new Map(), predicted: [[0]], boost: 1 })).toBeNull();
    const boost = llmDisagreementBoost({ llmLabels: new Map([[0, [2, 1]], [1, [1]], [3, [1]]]), predicted: [[1, 2], [0], [1], null], boost: 0.3 })!;
    // Row 3 has no model prediction: nothing to disagree with.
    expect([boost(0), boost(1), boost(2), boost(3)]).toEqual([0, 0.3, 0, 0]);
  });
});
