import { describe, expect, it } from "vitest";
import { logisticObjective, logisticObjectiveSteps, parameterCount, type LogisticProblem } from "./logistic-objective";
import { seededRandom } from "@/lib/random";
import { WORK_PER_STEP } from "./steps";

const random = seededRandom(11);
const rows = 7;
const columns = 5;
const classes = 3;
const denseData = Float32Array.from({ length: rows * columns }, () => random.next() * 2 - 1);

// The same matrix in compressed sparse rows, with some entries dropped to make it sparse.
const rowStart = new Int32Array(rows + 1);
const columnIndex: number[] = [];
const values: number[] = [];
for (let i = 0; i < rows; i++) {
  rowStart[i] = columnIndex.length;
  for (let j = 0; j < columns; j++) {
    if ((i + j) % 3 === 0) continue;
    columnIndex.push(j);
    values.push(denseData[i * columns + j] as number);
  }
}
rowStart[rows] = columnIndex.length;
const csr = { kind: "csr" as const, rowStart, columnIndex: Int32Array.from(columnIndex), values: Float32Array.from(values) };

const labels = Int32Array.from({ length: rows }, (_, i) => i % classes);
const indicator = Uint8Array.from({ length: rows * classes }, (_, k) => ((k * 7) % 5 < 2 ? 1 : 0));

const problems: Record<string, LogisticProblem> = {
  "softmax, dense": {
    loss: "softmax", classes, columns, rows, design: { kind: "dense", data: denseData },
    targets: labels, sampleWeights: Float64Array.from(labels, (y) => 1 + y), l2: 0.7,
  },
  "softmax, sparse": {
    loss: "softmax", classes, columns, rows, design: csr,
    targets: labels, sampleWeights: Float64Array.from(labels, (y) => 1 + y), l2: 0.7,
  },
  "sigmoid, dense": {
    loss: "sigmoid", classes, columns, rows, design: { kind: "dense", data: denseData },
    targets: indicator, sampleWeights: Float64Array.from(indicator, (y) => (y ? 2 : 0.5)), l2: 0.3,
  },
  "sigmoid, sparse": {
    loss: "sigmoid", classes, columns, rows, design: csr,
    targets: indicator, sampleWeights: Float64Array.from(indicator, (y) => (y ? 2 : 0.5)), l2: 0.3,
  },
};

describe("logisticObjective", () => {
  it.each(Object.entries(problems))("has a gradient that matches central finite differences (%s)", (_, problem) => {
    const params = Float64Array.from({ length: parameterCount(problem) }, () => random.next() - 0.5);
    const gradient = new Float64Array(params.length);
    logisticObjective(problem, params, gradient);
    const scratch = new Float64Array(params.length);
    const h = 1e-6;
    for (let k = 0; k < params.length; k++) {
      const shifted = Float64Array.from(params);
      shifted[k] = (params[k] as number) + h;
      const up = logisticObjective(problem, shifted, scratch);
      shifted[k] = (params[k] as number) - h;
      const down = logisticObjective(problem, shifted, scratch);
      expect(gradient[k]).toBeCloseTo((up - down) / (2 * h), 6);
    }
  });

  it("equals the weighted mean cross-entropy at zero weights: ln k for softmax, ln 2 per label for sigmoid", () => {
    const softmax = problems["softmax, dense"] as LogisticProblem;
    const sigmoid = problems["sigmoid, dense"] as LogisticProblem;
    const zeros = new Float64Array(parameterCount(softmax));
    expect(logisticObjective(softmax, zeros, new Float64Array(zeros.length))).toBeCloseTo(Math.log(3), 12);
    expect(logisticObjective(sigmoid, zeros, new Float64Array(zeros.length))).toBeCloseTo(Math.log(2), 12);
  });

  it("adds (l2 / 2) |W|^2 / S, leaving the biases unpenalised", () => {
    const problem = problems["softmax, dense"] as LogisticProblem;
    const params = new Float64Array(parameterCount(problem));
    const gradient = new Float64Array(params.length);
    const base = logisticObjective(problem, params, gradient);
    // Adding the same amount to every class's weight on one column leaves the softmax unchanged:
    // only the penalty moves, by (0.7 / 2) * 3 * 0.5^2 / S with S = sum of sample weights.
    for (let c = 0; c < classes; c++) params[c * columns + 2] = 0.5;
    const weightSum = problem.sampleWeights.reduce((sum, w) => sum + w, 0);
    expect(logisticObjective(problem, params, gradient) - base).toBeCloseTo((0.35 * 3 * 0.25) / weightSum, 12);
    // A shared shift of all biases changes nothing at all.
    const shifted = new Float64Array(params.length);
    for (let c = 0; c < classes; c++) shifted[classes * columns + c] = 3;
    expect(logisticObjective(problem, shifted, gradient)).toBeCloseTo(base, 12);
  });
});

describe("logisticObjectiveSteps", () => {
  // More rows than one step holds, so the rows go in several blocks, the last one partial.
  const manyColumns = 40;
  const manyRows = Math.ceil((2.5 * WORK_PER_STEP) / (classes * manyColumns));
  const data = Float32Array.from({ length: manyRows * manyColumns }, () => random.next() * 2 - 1);
  const targets = Int32Array.from({ length: manyRows }, (_, i) => (i * 7) % classes);
  const sampleWeights = Float64Array.from({ length: manyRows }, (_, i) => 1 + (i % 4));
  const big: LogisticProblem = { loss: "softmax", classes, columns: manyColumns, rows: manyRows, design: { kind: "dense", data }, targets, sampleWeights, l2: 0 };

  it("takes several steps on a large problem and counts every row once: S * O and S * gradient add up over the rows", () => {
    const params = Float64Array.from({ length: parameterCount(big) }, () => random.next() - 0.5);
    const gradient = new Float64Array(params.length);
    const steps = logisticObjectiveSteps(big, params, gradient);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(yields).toBeGreaterThan(3);

    // Without the penalty, S * O is the sum of s_i * loss_i: the same sum as one-row problems give.
    const total = sampleWeights.reduce((sum, w) => sum + w, 0);
    let sum = 0;
    const gradientSum = new Float64Array(params.length);
    const rowGradient = new Float64Array(params.length);
    for (let i = 0; i < manyRows; i++) {
      const row: LogisticProblem = {
        ...big,
        rows: 1,
        design: { kind: "dense", data: data.subarray(i * manyColumns, (i + 1) * manyColumns) },
        targets: targets.subarray(i, i + 1),
        sampleWeights: sampleWeights.subarray(i, i + 1),
      };
      const s = sampleWeights[i] as number;
      sum += s * logisticObjective(row, params, rowGradient);
      for (let k = 0; k < params.length; k++) gradientSum[k] = (gradientSum[k] as number) + s * (rowGradient[k] as number);
    }
    expect(step.value * total).toBeCloseTo(sum, 6);
    gradient.forEach((g, k) => expect(g * total).toBeCloseTo(gradientSum[k] as number, 6));
  });
});
