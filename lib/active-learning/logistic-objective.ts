/**
 * The training objective of the linear classifiers, with its exact gradient:
 *
 *   O(W, b) = (1 / S) * [ sum_i s_i * loss_i + (l2 / 2) * ||W||^2 ]
 *
 * where loss_i is the softmax cross-entropy (single-label) or the sum over labels of the binary
 * cross-entropy (one-vs-rest), s_i are the sample weights (class weights), S = sum of s_i, and the
 * biases b are not penalised. `l2` plays the role of 1/C in scikit-learn's LogisticRegression;
 * dividing by S only rescales the objective, so tolerances do not depend on the data size.
 *
 * Parameters are one Float64Array: classes x columns weights (see `weightIndex`), then one bias
 * per class.
 */
import { runSteps, unitsPerStep, type Steps } from "./steps";

export interface LogisticProblem {
  readonly loss: "softmax" | "sigmoid";
  readonly classes: number;
  readonly columns: number;
  readonly rows: number;
  readonly design: DenseDesign | CsrDesign;
  /** softmax: the class of each row (0..classes-1); sigmoid: rows x classes of 0/1. */
  readonly targets: Int32Array | Uint8Array;
  /** softmax: one weight per row; sigmoid: rows x classes (each label has its own balance). */
  readonly sampleWeights: Float64Array;
  readonly l2: number;
}

export interface DenseDesign {
  readonly kind: "dense";
  readonly data: Float32Array;
}

/** Compressed sparse rows: row i holds entries rowStart[i] .. rowStart[i + 1] - 1. */
export interface CsrDesign {
  readonly kind: "csr";
  readonly rowStart: Int32Array;
  readonly columnIndex: Int32Array;
  readonly values: Float32Array;
}

export function parameterCount(problem: LogisticProblem): number {
  return problem.classes * (problem.columns + 1);
}

/**
 * Where the weight of class c on column j sits. Dense problems keep each class's weights
 * contiguous (fast dot products); sparse ones keep each column's classes together, so that a
 * non-zero entry touches one cache line instead of one per class.
 */
export function weightIndex(problem: LogisticProblem, c: number, j: number): number {
  return problem.design.kind === "dense" ? c * problem.columns + j : j * problem.classes + c;
}

/** Returns O at `params` and writes dO/dparams into `gradient`. */
export function logisticObjective(problem: LogisticProblem, params: Float64Array, gradient: Float64Array): number {
  return runSteps(logisticObjectiveSteps(problem, params, gradient));
}

/**
 * `logisticObjective` in steps: the logits and the gradient, the two passes that multiply, go a
 * block of about WORK_PER_STEP multiply-adds at a time, in the same order of additions as one
 * pass over all rows, so the value and gradient are the same to the last bit. The passes stay
 * apart rather than fused per block: the logits read the parameters and the gradient writes its
 * own array, megabytes each for hashed features, and one at a time they stay in cache (fused,
 * training took a fifth longer).
 */
export function* logisticObjectiveSteps(problem: LogisticProblem, params: Float64Array, gradient: Float64Array): Steps<number> {
  const { classes, columns, rows, design } = problem;
  const width = design.kind === "dense" ? columns : design.values.length / Math.max(1, rows);
  // A multiple of four rows: the dense gradient takes rows in fours, and the blocks must not
  // regroup them.
  const blockRows = unitsPerStep(classes * width, 4);
  // Rows x classes; holds the logits, then (in place) the weighted residuals dLoss/dLogit.
  const scores = new Float64Array(rows * classes);
  for (let start = 0; start < rows; start += blockRows) {
    const end = Math.min(rows, start + blockRows);
    if (design.kind === "dense") denseLogits(design.data, start, end, columns, classes, params, scores);
    else csrLogits(design, start, end, columns, classes, params, scores);
    yield;
  }
  const { loss, weightSum } =
    problem.loss === "softmax"
      ? softmaxResiduals(scores, rows, classes, problem.targets, problem.sampleWeights)
      : sigmoidResiduals(scores, rows, classes, problem.targets, problem.sampleWeights);
  yield;

  gradient.fill(0);
  for (let start = 0; start < rows; start += blockRows) {
    const end = Math.min(rows, start + blockRows);
    if (design.kind === "dense") denseGradient(design.data, start, end, columns, classes, scores, gradient);
    else csrGradient(design, start, end, classes, scores, gradient);
    yield;
  }
  const biasOffset = classes * columns;
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < classes; c++) gradient[biasOffset + c] = (gradient[biasOffset + c] as number) + (scores[i * classes + c] as number);
  }
  let squaredNorm = 0;
  for (let k = 0; k < biasOffset; k++) {
    const w = params[k] as number;
    squaredNorm += w * w;
    gradient[k] = (gradient[k] as number) + problem.l2 * w;
  }
  yield;
  const scale = weightSum > 0 ? 1 / weightSum : 1;
  for (let k = 0; k < gradient.length; k++) gradient[k] = (gradient[k] as number) * scale;
  return (loss + 0.5 * problem.l2 * squaredNorm) * scale;
}

// The row kernels below work on rows start..end-1.

function denseLogits(data: Float32Array, start: number, end: number, columns: number, classes: number, params: Float64Array, scores: Float64Array): void {
  const biasOffset = classes * columns;
  for (let i = start; i < end; i++) {
    const x = i * columns;
    for (let c = 0; c < classes; c++) {
      const w = c * columns;
      // Four partial sums break the add dependency chain; this loop dominates training time.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < columns; j += 4) {
        s0 += (data[x + j] as number) * (params[w + j] as number);
        s1 += (data[x + j + 1] as number) * (params[w + j + 1] as number);
        s2 += (data[x + j + 2] as number) * (params[w + j + 2] as number);
        s3 += (data[x + j + 3] as number) * (params[w + j + 3] as number);
      }
      for (; j < columns; j++) s0 += (data[x + j] as number) * (params[w + j] as number);
      scores[i * classes + c] = (params[biasOffset + c] as number) + s0 + s1 + s2 + s3;
    }
  }
}

function csrLogits(design: CsrDesign, start: number, end: number, columns: number, classes: number, params: Float64Array, scores: Float64Array): void {
  const { rowStart, columnIndex, values } = design;
  const biasOffset = classes * columns;
  for (let i = start; i < end; i++) {
    const out = i * classes;
    for (let c = 0; c < classes; c++) scores[out + c] = params[biasOffset + c] as number;
    const last = rowStart[i + 1] as number;
    for (let e = rowStart[i] as number; e < last; e++) {
      const x = values[e] as number;
      const w = (columnIndex[e] as number) * classes;
      for (let c = 0; c < classes; c++) scores[out + c] = (scores[out + c] as number) + x * (params[w + c] as number);
    }
  }
}

function softmaxResiduals(
  scores: Float64Array,
  rows: number,
  classes: number,
  targets: Int32Array | Uint8Array,
  sampleWeights: Float64Array,
): { loss: number; weightSum: number } {
  let loss = 0;
  let weightSum = 0;
  for (let i = 0; i < rows; i++) {
    const offset = i * classes;
    const s = sampleWeights[i] as number;
    const y = targets[i] as number;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, scores[offset + c] as number);
    let sumExp = 0;
    for (let c = 0; c < classes; c++) sumExp += Math.exp((scores[offset + c] as number) - max);
    const logSumExp = max + Math.log(sumExp);
    loss += s * (logSumExp - (scores[offset + y] as number));
    weightSum += s;
    for (let c = 0; c < classes; c++) {
      scores[offset + c] = s * (Math.exp((scores[offset + c] as number) - logSumExp) - (c === y ? 1 : 0));
    }
  }
  return { loss, weightSum };
}

function sigmoidResiduals(
  scores: Float64Array,
  rows: number,
  classes: number,
  targets: Int32Array | Uint8Array,
  sampleWeights: Float64Array,
): { loss: number; weightSum: number } {
  let loss = 0;
  let weightSum = 0;
  for (let k = 0; k < rows * classes; k++) {
    const s = sampleWeights[k] as number;
    const y = targets[k] as number;
    const z = scores[k] as number;
    // softplus(z) - y z, computed without overflow for large |z|.
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += s * (softplus - y * z);
    weightSum += s;
    scores[k] = s * (1 / (1 + Math.exp(-z)) - y);
  }
  return { loss, weightSum };
}

function denseGradient(data: Float32Array, start: number, end: number, columns: number, classes: number, residuals: Float64Array, gradient: Float64Array): void {
  let i = start;
  // Four rows per pass: one read-modify-write of the gradient per four multiply-adds, which is
  // about three times faster than row by row.
  for (; i + 3 < end; i += 4) {
    const x0 = i * columns;
    const x1 = x0 + columns;
    const x2 = x1 + columns;
    const x3 = x2 + columns;
    for (let c = 0; c < classes; c++) {
      const r0 = residuals[i * classes + c] as number;
      const r1 = residuals[(i + 1) * classes + c] as number;
      const r2 = residuals[(i + 2) * classes + c] as number;
      const r3 = residuals[(i + 3) * classes + c] as number;
      const w = c * columns;
      for (let j = 0; j < columns; j++) {
        gradient[w + j] =
          (gradient[w + j] as number) +
          r0 * (data[x0 + j] as number) +
          r1 * (data[x1 + j] as number) +
          r2 * (data[x2 + j] as number) +
          r3 * (data[x3 + j] as number);
      }
    }
  }
  for (; i < end; i++) {
    const x = i * columns;
    for (let c = 0; c < classes; c++) {
      const r = residuals[i * classes + c] as number;
      const w = c * columns;
      for (let j = 0; j < columns; j++) gradient[w + j] = (gradient[w + j] as number) + r * (data[x + j] as number);
    }
  }
}

function csrGradient(design: CsrDesign, start: number, end: number, classes: number, residuals: Float64Array, gradient: Float64Array): void {
  const { rowStart, columnIndex, values } = design;
  for (let i = start; i < end; i++) {
    const r = i * classes;
    const last = rowStart[i + 1] as number;
    for (let e = rowStart[i] as number; e < last; e++) {
      const x = values[e] as number;
      const w = (columnIndex[e] as number) * classes;
      for (let c = 0; c < classes; c++) gradient[w + c] = (gradient[w + c] as number) + (residuals[r + c] as number) * x;
    }
  }
}
