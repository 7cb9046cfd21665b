import { COLUMN_MAJOR_MIN_ROWS, columnMajorFeatures, logitsByColumn } from "./column-major-features";
import type { FeatureMatrix } from "./feature-matrix";
import type { SparseVector } from "./sparse-vector";

/**
 * A trained linear classifier: multinomial logistic regression (`softmax`, one label per item) or
 * one independent logistic regression per label (`one-vs-rest`, any number of labels per item).
 * Weights are kept for every input column so that scoring is a plain indexed multiply; the
 * serialised form keeps only the columns that have weights.
 */
export interface ClassifierModel {
  readonly version: typeof CLASSIFIER_MODEL_VERSION;
  readonly kind: "softmax" | "one-vs-rest";
  /** What the model reads: dense embeddings or sparse (hashed) features, and their width. */
  readonly input: "dense" | "sparse";
  readonly inputDim: number;
  readonly numClasses: number;
  /**
   * inputDim x numClasses, column-major by input: the weight of class c on column j is at
   * j * numClasses + c, so a sparse item touches one short run of weights per non-zero.
   */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  /** Training examples per class (softmax) or positives per label (one-vs-rest). */
  readonly labelCounts: readonly number[];
  readonly trainingSize: number;
  readonly l2: number;
}

export const CLASSIFIER_MODEL_VERSION = 1;

/**
 * Logit given to a class the model could not learn (no example, or for one-vs-rest no negative):
 * e^-30 is below 1e-13, so the class never wins, and the number stays finite and JSON-safe.
 */
export const UNLEARNED_CLASS_LOGIT = 30;

/** Class probabilities of one item (dense embedding or sparse features). */
export function predictProba(
  model: ClassifierModel,
  item: Float32Array | SparseVector,
  out: Float32Array = new Float32Array(model.numClasses),
): Float32Array {
  const logits = new Float64Array(model.numClasses);
  if (item instanceof Float32Array) {
    assertInput(model, "dense", item.length);
    denseLogits(model, item, 0, logits);
  } else {
    assertInput(model, "sparse", model.inputDim);
    sparseLogits(model, item, logits);
  }
  return logitsToProbabilities(model.kind, logits, out);
}

/** Probabilities for every row, rows x numClasses in one array. */
export function predictProbaMatrix(model: ClassifierModel, features: FeatureMatrix): Float32Array {
  assertInput(model, features.kind, features.dim);
  const k = model.numClasses;
  const out = new Float32Array(features.rows * k);
  const byColumn =
    features.kind === "sparse" && features.rows >= COLUMN_MAJOR_MIN_ROWS
      ? logitsByColumn(model, columnMajorFeatures(features))
      : null;
  const logits = new Float64Array(k);
  for (let row = 0; row < features.rows; row++) {
    if (byColumn) logits.set(byColumn.subarray(row * k, (row + 1) * k));
    else if (features.kind === "dense") denseLogits(model, features.data, row * features.dim, logits);
    else sparseLogits(model, features.vectors[row] as SparseVector, logits);
    logitsToProbabilities(model.kind, logits, logits);
    for (let c = 0; c < k; c++) out[row * k + c] = logits[c] as number;
  }
  return out;
}

/** logits = bias + W x for the dense row of `data` starting at `offset`. */
function denseLogits(model: ClassifierModel, data: Float32Array, offset: number, logits: Float64Array): void {
  const { weights, bias, numClasses: k, inputDim } = model;
  for (let c = 0; c < k; c++) logits[c] = bias[c] as number;
  for (let j = 0; j < inputDim; j++) {
    const x = data[offset + j] as number;
    const w = j * k;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] as number) + x * (weights[w + c] as number);
  }
}

/** logits = bias + W x for a sparse item. */
export function sparseLogits(model: ClassifierModel, item: SparseVector, logits: Float64Array): void {
  const { weights, bias, numClasses: k, inputDim } = model;
  const { indices, values } = item;
  for (let c = 0; c < k; c++) logits[c] = bias[c] as number;
  for (let e = 0; e < indices.length; e++) {
    const j = indices[e] as number;
    if (j >= inputDim) throw new RangeError(`classifier: feature column ${j} is outside the model's ${inputDim} columns`);
    const x = values[e] as number;
    const w = j * k;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] as number) + x * (weights[w + c] as number);
  }
}

/** Softmax over the logits, or an independent sigmoid per label for one-vs-rest; `out` may be `logits`. */
export function logitsToProbabilities<T extends Float32Array | Float64Array>(
  kind: ClassifierModel["kind"],
  logits: Float64Array,
  out: T,
): T {
  const k = logits.length;
  if (kind === "one-vs-rest") {
    for (let c = 0; c < k; c++) out[c] = 1 / (1 + Math.exp(-(logits[c] as number)));
    return out;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, logits[c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp((logits[c] as number) - max);
  const logSum = max + Math.log(sum);
  for (let c = 0; c < k; c++) out[c] = Math.exp((logits[c] as number) - logSum);
  return out;
}

function assertInput(model: ClassifierModel, input: ClassifierModel["input"], dim: number): void {
  if (model.input !== input) {
    throw new TypeError(`classifier: this model was trained on ${model.input} features and cannot score ${input} ones`);
  }
  if (dim !== model.inputDim) {
    throw new RangeError(`classifier: items have ${dim} dimensions, the model expects ${model.inputDim}`);
  }
}
