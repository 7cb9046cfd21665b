import { logitsToProbabilities, sparseLogits, type ClassifierModel } from "./classifier-model";
import { COLUMN_MAJOR_MIN_ROWS, columnMajorFeaturesSteps, logitsByColumnSteps } from "./column-major-features";
import type { FeatureMatrix } from "./feature-matrix";
import type { SparseVector } from "./sparse-vector";
import { runSteps, type Steps } from "./steps";
import { multiLabelUncertainty, uncertainty, type MultiLabelAggregate, type UncertaintyStrategy } from "./uncertainty";

export interface RescoreOptions {
  readonly strategy: UncertaintyStrategy;
  /** How one-vs-rest label uncertainties combine (see `multiLabelUncertainty`). */
  readonly aggregate?: MultiLabelAggregate;
  /** Also return every probability (rows x numClasses); off by default to save memory. */
  readonly keepProbabilities?: boolean;
}

export interface RescoreResult {
  /** Uncertainty per item, higher = more worth asking about. */
  readonly scores: Float32Array;
  /** Most probable class per item (for one-vs-rest: the label with the highest probability). */
  readonly predicted: Uint16Array;
  readonly probabilities: Float32Array | null;
}

/** Rows per block: the logits of a block stay small enough to live in cache. */
const BLOCK_ROWS = 1024;

/**
 * Scores every item under the current model: probabilities, the most probable class, and the
 * strategy's uncertainty. Dense embeddings go through a blocked kernel that reads each embedding
 * once for up to four classes at a time; this is the path that rescores a million items (to use
 * several workers, call it on `subarray` views of the embeddings). A large sparse pool is scored
 * through its cached column-major transpose (see `column-major-features`).
 */
export function rescore(model: ClassifierModel, features: FeatureMatrix, options: RescoreOptions): RescoreResult {
  return runSteps(rescoreSteps(model, features, options));
}

/** `rescore` in steps of bounded work (see steps.ts): a block of rows, or a stretch of columns. */
export function* rescoreSteps(model: ClassifierModel, features: FeatureMatrix, options: RescoreOptions): Steps<RescoreResult> {
  if (features.kind !== model.input || features.dim !== model.inputDim) {
    throw new TypeError(
      `rescore: the model reads ${model.inputDim} ${model.input} columns, the items have ${features.dim} ${features.kind} ones`,
    );
  }
  const k = model.numClasses;
  const rows = features.rows;
  const result: RescoreResult = {
    scores: new Float32Array(rows),
    predicted: new Uint16Array(rows),
    probabilities: options.keepProbabilities ? new Float32Array(rows * k) : null,
  };
  if (features.kind === "sparse") {
    if (rows >= COLUMN_MAJOR_MIN_ROWS) {
      const logits = yield* logitsByColumnSteps(model, yield* columnMajorFeaturesSteps(features));
      for (let start = 0; start < rows; start += BLOCK_ROWS) {
        const end = Math.min(rows, start + BLOCK_ROWS);
        recordBlock(model, options, start, end, logits.subarray(start * k, end * k), result, false);
        yield;
      }
      return result;
    }
    const logits = new Float64Array(rows * k);
    for (let row = 0; row < rows; row++) {
      sparseLogits(model, features.vectors[row] as SparseVector, logits.subarray(row * k, (row + 1) * k));
    }
    recordBlock(model, options, 0, rows, logits, result, false);
    return result;
  }

  // Class-major double-precision copy for the blocked kernel: each class's weights are contiguous,
  // and V8 multiplies in doubles anyway, so this spares a conversion per read.
  const block = new Float64Array(BLOCK_ROWS * k);
  const weights = new Float64Array(k * model.inputDim);
  for (let j = 0; j < model.inputDim; j++) {
    for (let c = 0; c < k; c++) weights[c * model.inputDim + j] = model.weights[j * k + c] as number;
  }
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = Math.min(rows, start + BLOCK_ROWS);
    denseLogitsBlock(features.data, start, end, model.inputDim, weights, k, block);
    recordBlock(model, options, start, end, block, result, true);
    yield;
  }
  return result;
}

/**
 * Writes prediction, uncertainty and (if kept) probabilities of rows start..end-1 from their
 * logits (row r at (r - start) * k in `block`), which include the bias unless `addBias`.
 */
function recordBlock(
  model: ClassifierModel,
  options: RescoreOptions,
  start: number,
  end: number,
  block: Float64Array,
  result: RescoreResult,
  addBias: boolean,
): void {
  const k = model.numClasses;
  // One reused row buffer: a subarray per item would allocate a million views.
  const p = new Float64Array(k);
  for (let row = start; row < end; row++) {
    const offset = (row - start) * k;
    for (let c = 0; c < k; c++) p[c] = (block[offset + c] as number) + (addBias ? (model.bias[c] as number) : 0);
    logitsToProbabilities(model.kind, p, p);
    let best = 0;
    for (let c = 1; c < k; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    result.predicted[row] = best;
    result.scores[row] =
      model.kind === "softmax" ? uncertainty(p, options.strategy) : multiLabelUncertainty(p, options.strategy, options.aggregate);
    if (result.probabilities) result.probabilities.set(p, row * k);
  }
}

/**
 * logits[(row - start) * k + c] = x_row . w_c for rows start..end-1 (no bias). Rows go in pairs
 * and classes in groups of up to four, so each weight read serves two rows and each embedding
 * value read serves up to four classes: about a third faster than one row at a time.
 */
function denseLogitsBlock(
  data: Float32Array,
  start: number,
  end: number,
  dim: number,
  weights: Float64Array,
  k: number,
  logits: Float64Array,
): void {
  let row = start;
  for (; row + 1 < end; row += 2) {
    const x = row * dim;
    const y = x + dim;
    const out = (row - start) * k;
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const w0 = c * dim;
      const w1 = w0 + dim;
      const w2 = w1 + dim;
      const w3 = w2 + dim;
      let x0 = 0;
      let x1 = 0;
      let x2 = 0;
      let x3 = 0;
      let y0 = 0;
      let y1 = 0;
      let y2 = 0;
      let y3 = 0;
      for (let j = 0; j < dim; j++) {
        const u = data[x + j] as number;
        const v = data[y + j] as number;
        const a = weights[w0 + j] as number;
        const b = weights[w1 + j] as number;
        const e = weights[w2 + j] as number;
        const f = weights[w3 + j] as number;
        x0 += u * a;
        x1 += u * b;
        x2 += u * e;
        x3 += u * f;
        y0 += v * a;
        y1 += v * b;
        y2 += v * e;
        y3 += v * f;
      }
      logits[out + c] = x0;
      logits[out + c + 1] = x1;
      logits[out + c + 2] = x2;
      logits[out + c + 3] = x3;
      logits[out + k + c] = y0;
      logits[out + k + c + 1] = y1;
      logits[out + k + c + 2] = y2;
      logits[out + k + c + 3] = y3;
    }
    for (; c + 1 < k; c += 2) {
      const w0 = c * dim;
      const w1 = w0 + dim;
      let x0 = 0;
      let x1 = 0;
      let y0 = 0;
      let y1 = 0;
      for (let j = 0; j < dim; j++) {
        const u = data[x + j] as number;
        const v = data[y + j] as number;
        const a = weights[w0 + j] as number;
        const b = weights[w1 + j] as number;
        x0 += u * a;
        x1 += u * b;
        y0 += v * a;
        y1 += v * b;
      }
      logits[out + c] = x0;
      logits[out + c + 1] = x1;
      logits[out + k + c] = y0;
      logits[out + k + c + 1] = y1;
    }
    if (c < k) {
      const w0 = c * dim;
      let x0 = 0;
      let y0 = 0;
      for (let j = 0; j < dim; j++) {
        const a = weights[w0 + j] as number;
        x0 += (data[x + j] as number) * a;
        y0 += (data[y + j] as number) * a;
      }
      logits[out + c] = x0;
      logits[out + k + c] = y0;
    }
  }
  // An odd last row, one class at a time.
  if (row < end) {
    const x = row * dim;
    const out = (row - start) * k;
    for (let c = 0; c < k; c++) {
      const w0 = c * dim;
      let sum = 0;
      for (let j = 0; j < dim; j++) sum += (data[x + j] as number) * (weights[w0 + j] as number);
      logits[out + c] = sum;
    }
  }
}
