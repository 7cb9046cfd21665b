import { CLASSIFIER_MODEL_VERSION, type ClassifierModel } from "./classifier-model";
import { runSteps, unitsPerStep, type Steps } from "./steps";

/**
 * The JSON form of a model, for storage and for posting between the browser and the server. Only
 * columns with a non-zero weight for some class are listed (a hashed-feature model touches a few
 * tens of thousands of its 2^18 columns); weights are float32 values, which JSON numbers hold
 * exactly, so a round trip is bit-exact.
 */
export interface SerializedClassifierModel {
  readonly version: number;
  readonly kind: ClassifierModel["kind"];
  readonly input: ClassifierModel["input"];
  readonly inputDim: number;
  readonly numClasses: number;
  /** Ascending input columns that carry weights. */
  readonly columns: number[];
  /** For the i-th listed column, the weight of class c is at i * numClasses + c. */
  readonly weights: number[];
  readonly bias: number[];
  readonly labelCounts: number[];
  readonly trainingSize: number;
  readonly l2: number;
}

/**
 * What classifier_versions.model holds: the serialised model, or, for a version that could train
 * none, why not (lib/active-learning/server/compute-retrain.ts writes both).
 */
export type StoredClassifierModel = SerializedClassifierModel | { readonly untrained: string | null };

export function serializeModel(model: ClassifierModel): SerializedClassifierModel {
  return runSteps(serializeModelSteps(model));
}

/** `serializeModel` in steps (see steps.ts): a hashed-feature model has 2^18 columns to look at. */
export function* serializeModelSteps(model: ClassifierModel): Steps<SerializedClassifierModel> {
  // Pushing a weight onto a growing array costs about as much as a dozen multiply-adds.
  const columnsPerStep = unitsPerStep(16 * model.numClasses);
  const columns: number[] = [];
  const weights: number[] = [];
  for (let start = 0; start < model.inputDim; start += columnsPerStep) {
    listWeightedColumns(model, start, Math.min(model.inputDim, start + columnsPerStep), columns, weights);
    yield;
  }
  return {
    version: model.version,
    kind: model.kind,
    input: model.input,
    inputDim: model.inputDim,
    numClasses: model.numClasses,
    columns,
    weights,
    bias: Array.from(model.bias),
    labelCounts: [...model.labelCounts],
    trainingSize: model.trainingSize,
    l2: model.l2,
  };
}

/** Appends the columns start..end-1 that carry a weight, and their weights. */
function listWeightedColumns(model: ClassifierModel, start: number, end: number, columns: number[], weights: number[]): void {
  for (let j = start; j < end; j++) {
    let used = false;
    for (let c = 0; c < model.numClasses && !used; c++) used = model.weights[j * model.numClasses + c] !== 0;
    if (!used) continue;
    columns.push(j);
    for (let c = 0; c < model.numClasses; c++) weights.push(model.weights[j * model.numClasses + c] as number);
  }
}

/**
 * JSON.stringify(serializeModel(model)), to the byte, built in steps: a hashed-feature model's
 * text runs to megabytes, and writing its numbers is the slow part. The two long arrays are
 * written a slice at a time; JSON writes each number the same wherever the slice starts.
 */
export function* modelJsonSteps(model: ClassifierModel): Steps<string> {
  const { version, kind, input, inputDim, numClasses, columns, weights, bias, labelCounts, trainingSize, l2 } = yield* serializeModelSteps(model);
  // Keys in the order serializeModel creates them, which is the order JSON.stringify writes.
  const head = JSON.stringify({ version, kind, input, inputDim, numClasses }).slice(0, -1);
  const tail = JSON.stringify({ bias, labelCounts, trainingSize, l2 }).slice(1);
  const columnsText = yield* arrayJsonSteps(columns);
  const weightsText = yield* arrayJsonSteps(weights);
  return `${head},"columns":${columnsText},"weights":${weightsText},${tail}`;
}

/** Numbers written by JSON.stringify per step: a few milliseconds of work. */
const NUMBERS_PER_STEP = 16_384;

function* arrayJsonSteps(values: readonly number[]): Steps<string> {
  const pieces: string[] = [];
  for (let start = 0; start < values.length; start += NUMBERS_PER_STEP) {
    pieces.push(JSON.stringify(values.slice(start, start + NUMBERS_PER_STEP)).slice(1, -1));
    yield;
  }
  return `[${pieces.join(",")}]`;
}

export function deserializeModel(json: SerializedClassifierModel): ClassifierModel {
  const fail = (what: string): never => {
    throw new TypeError(`model: ${what}; the stored model is damaged or from another Goldset version, retrain it`);
  };
  if (json.version !== CLASSIFIER_MODEL_VERSION) fail(`version ${json.version} is not the supported ${CLASSIFIER_MODEL_VERSION}`);
  if (json.kind !== "softmax" && json.kind !== "one-vs-rest") fail(`kind ${JSON.stringify(json.kind)} is unknown`);
  if (json.input !== "dense" && json.input !== "sparse") fail(`input ${JSON.stringify(json.input)} is unknown`);
  const { inputDim, numClasses } = json;
  if (!Number.isInteger(inputDim) || inputDim < 1 || !Number.isInteger(numClasses) || numClasses < 1) {
    fail(`inputDim ${inputDim} / numClasses ${numClasses} must be positive integers`);
  }
  if (json.weights.length !== json.columns.length * numClasses) {
    fail(`${json.weights.length} weights for ${json.columns.length} columns x ${numClasses} classes`);
  }
  if (json.bias.length !== numClasses || json.labelCounts.length !== numClasses) {
    fail(`bias and labelCounts need ${numClasses} entries`);
  }
  const weights = new Float32Array(numClasses * inputDim);
  json.columns.forEach((column, i) => {
    if (!Number.isInteger(column) || column < 0 || column >= inputDim) fail(`column ${column} is outside 0..${inputDim - 1}`);
    for (let c = 0; c < numClasses; c++) weights[column * numClasses + c] = json.weights[i * numClasses + c] as number;
  });
  return {
    version: CLASSIFIER_MODEL_VERSION,
    kind: json.kind,
    input: json.input,
    inputDim,
    numClasses,
    weights,
    bias: Float32Array.from(json.bias),
    labelCounts: [...json.labelCounts],
    trainingSize: json.trainingSize,
    l2: json.l2,
  };
}
