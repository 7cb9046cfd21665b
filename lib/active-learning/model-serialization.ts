import { CLASSIFIER_MODEL_VERSION, type ClassifierModel } from "./classifier-model";

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

export function serializeModel(model: ClassifierModel): SerializedClassifierModel {
  const columns: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j < model.inputDim; j++) {
    let used = false;
    for (let c = 0; c < model.numClasses && !used; c++) used = model.weights[j * model.numClasses + c] !== 0;
    if (!used) continue;
    columns.push(j);
    for (let c = 0; c < model.numClasses; c++) weights.push(model.weights[j * model.numClasses + c] as number);
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
