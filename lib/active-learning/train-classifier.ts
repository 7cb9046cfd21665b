import { balancedClassWeights } from "./class-weights";
import {
  CLASSIFIER_MODEL_VERSION,
  UNLEARNED_CLASS_LOGIT,
  type ClassifierModel,
} from "./classifier-model";
import type { FeatureMatrix } from "./feature-matrix";
import { minimizeLbfgsSteps } from "./lbfgs";
import { logisticObjectiveSteps, parameterCount, weightIndex, type CsrDesign, type LogisticProblem } from "./logistic-objective";
import type { SparseVector } from "./sparse-vector";
import { runSteps, type Steps } from "./steps";

export type TrainingTargets =
  /** One class per item, 0 .. numClasses - 1: trains a softmax (multinomial) model. */
  | { readonly kind: "single-label"; readonly numClasses: number; readonly labels: ArrayLike<number> }
  /** Any set of labels per item: trains one logistic regression per label (one-vs-rest). */
  | { readonly kind: "multi-label"; readonly numClasses: number; readonly labels: readonly (readonly number[])[] };

export interface TrainingOptions {
  /** L2 penalty on the weights, 1/C in scikit-learn terms. */
  readonly l2: number;
  /** "balanced": weight n / (k * n_c) per class (per label and outcome for one-vs-rest). */
  readonly classWeight: "balanced" | "none";
  readonly maxIterations: number;
  /** Largest gradient component at which training stops (the objective is a per-sample mean). */
  readonly tolerance: number;
  /**
   * A previous model of the same shape to start from. Retraining after a few more labels then
   * takes a handful of iterations instead of dozens; the optimum is the same.
   */
  readonly warmStart?: ClassifierModel;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  l2: 1,
  classWeight: "balanced",
  maxIterations: 100,
  tolerance: 1e-4,
};

/** Largest sparse input width a model keeps weights for (numClasses x 2^24 floats). */
const MAX_SPARSE_INPUT_DIM = 2 ** 24;

/**
 * Fits the classifier by L-BFGS from zero weights (or `warmStart`). There is no randomness, so the
 * same data and options always give the same model. Classes without examples get no weights and
 * a logit of -30, so they are never predicted until someone labels one.
 */
export function trainClassifier(
  features: FeatureMatrix,
  targets: TrainingTargets,
  options: Partial<TrainingOptions> = {},
): ClassifierModel {
  return runSteps(trainClassifierSteps(features, targets, options));
}

/** `trainClassifier` in steps of bounded work (see steps.ts); the same model. */
export function* trainClassifierSteps(
  features: FeatureMatrix,
  targets: TrainingTargets,
  options: Partial<TrainingOptions> = {},
): Steps<ClassifierModel> {
  const settings = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  const { numClasses } = targets;
  if (targets.labels.length !== features.rows) {
    throw new RangeError(`classifier: ${targets.labels.length} label entries for ${features.rows} feature rows`);
  }
  if (features.rows === 0) throw new RangeError("classifier: nothing to train on; label at least one item first");
  if (features.kind === "sparse" && features.dim > MAX_SPARSE_INPUT_DIM) {
    throw new RangeError(`classifier: sparse input of ${features.dim} columns exceeds 2^24; use fewer hash bits`);
  }
  if (settings.warmStart) assertSameShape(settings.warmStart, features, targets);

  const counts = countLabels(targets);
  const weights = new Float32Array(numClasses * features.dim);
  const bias = new Float32Array(numClasses);
  const model: ClassifierModel = {
    version: CLASSIFIER_MODEL_VERSION,
    kind: targets.kind === "single-label" ? "softmax" : "one-vs-rest",
    input: features.kind,
    inputDim: features.dim,
    numClasses,
    weights,
    bias,
    labelCounts: Array.from(counts),
    trainingSize: features.rows,
    l2: settings.l2,
  };

  // Only classes (labels) with something to separate take part in the optimisation.
  const learned: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const count = counts[c] as number;
    const learnable = targets.kind === "single-label" ? count > 0 : count > 0 && count < features.rows;
    if (learnable) learned.push(c);
    else bias[c] = targets.kind === "multi-label" && count === features.rows ? UNLEARNED_CLASS_LOGIT : -UNLEARNED_CLASS_LOGIT;
  }
  // A softmax over one class is certain without any weights.
  if (targets.kind === "single-label" && learned.length < 2) return model;
  if (learned.length === 0) return model;

  const { problem, columns } = yield* buildProblem(features, targets, learned, settings);
  const start = new Float64Array(parameterCount(problem));
  if (settings.warmStart) copyWarmStart(settings.warmStart, learned, columns, problem, start);
  yield;

  const result = yield* minimizeLbfgsSteps((params, gradient) => logisticObjectiveSteps(problem, params, gradient), start, {
    maxIterations: settings.maxIterations,
    gradientTolerance: settings.tolerance,
  });

  for (let local = 0; local < learned.length; local++) {
    const c = learned[local] as number;
    for (let j = 0; j < problem.columns; j++) {
      weights[(columns ? (columns[j] as number) : j) * numClasses + c] = result.x[weightIndex(problem, local, j)] as number;
    }
    bias[c] = result.x[learned.length * problem.columns + local] as number;
    yield;
  }
  return model;
}

function countLabels(targets: TrainingTargets): Float64Array {
  const counts = new Float64Array(targets.numClasses);
  const check = (label: number, row: number) => {
    if (!Number.isInteger(label) || label < 0 || label >= targets.numClasses) {
      throw new RangeError(`classifier: row ${row} has label ${label}, expected 0..${targets.numClasses - 1}`);
    }
  };
  if (targets.kind === "single-label") {
    for (let row = 0; row < targets.labels.length; row++) {
      const label = targets.labels[row] as number;
      check(label, row);
      counts[label] = (counts[label] as number) + 1;
    }
  } else {
    targets.labels.forEach((labels, row) => {
      for (const label of new Set(labels)) {
        check(label, row);
        counts[label] = (counts[label] as number) + 1;
      }
    });
  }
  return counts;
}

/**
 * Sparse inputs are compacted to the columns the training rows use (a few tens of thousands out
 * of 2^18), so the optimiser's vectors stay small; `columns` maps compact index to input column.
 */
function* buildProblem(
  features: FeatureMatrix,
  targets: TrainingTargets,
  learned: readonly number[],
  settings: TrainingOptions,
): Steps<{ problem: LogisticProblem; columns: Uint32Array | null }> {
  const rows = features.rows;
  const classes = learned.length;
  const localClass = new Map(learned.map((c, local) => [c, local]));

  let columns: Uint32Array | null = null;
  let design: LogisticProblem["design"];
  if (features.kind === "dense") {
    design = { kind: "dense", data: features.data };
  } else {
    ({ design, columns } = yield* compactSparse(features.vectors, features.dim));
  }
  const columnCount = columns ? columns.length : features.dim;

  if (targets.kind === "single-label") {
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) labels[i] = localClass.get(targets.labels[i] as number) ?? -1;
    const classCounts = new Float64Array(classes);
    for (const label of labels) classCounts[label] = (classCounts[label] as number) + 1;
    const classWeights = settings.classWeight === "balanced" ? balancedClassWeights(classCounts) : new Float64Array(classes).fill(1);
    const sampleWeights = Float64Array.from(labels, (label) => classWeights[label] as number);
    return {
      problem: { loss: "softmax", classes, columns: columnCount, rows, design, targets: labels, sampleWeights, l2: settings.l2 },
      columns,
    };
  }

  const indicator = new Uint8Array(rows * classes);
  targets.labels.forEach((labels, row) => {
    for (const label of labels) {
      const local = localClass.get(label);
      if (local !== undefined) indicator[row * classes + local] = 1;
    }
  });
  const sampleWeights = new Float64Array(rows * classes).fill(1);
  if (settings.classWeight === "balanced") {
    for (let local = 0; local < classes; local++) {
      let positives = 0;
      for (let row = 0; row < rows; row++) positives += indicator[row * classes + local] as number;
      const [negativeWeight, positiveWeight] = balancedClassWeights([rows - positives, positives]);
      for (let row = 0; row < rows; row++) {
        sampleWeights[row * classes + local] = indicator[row * classes + local] ? (positiveWeight as number) : (negativeWeight as number);
      }
    }
  }
  return {
    problem: { loss: "sigmoid", classes, columns: columnCount, rows, design, targets: indicator, sampleWeights, l2: settings.l2 },
    columns,
  };
}

function* compactSparse(vectors: readonly SparseVector[], dim: number): Steps<{ design: CsrDesign; columns: Uint32Array }> {
  // local[j] = compact index of input column j, or -1; one pass over the columns keeps them sorted
  // without sorting the entries.
  const local = new Int32Array(dim).fill(-1);
  let entries = 0;
  for (const vector of vectors) {
    entries += vector.indices.length;
    for (let e = 0; e < vector.indices.length; e++) local[vector.indices[e] as number] = 0;
  }
  yield;
  const used: number[] = [];
  for (let j = 0; j < dim; j++) if (local[j] === 0) local[j] = used.push(j) - 1;
  yield;
  const rowStart = new Int32Array(vectors.length + 1);
  const columnIndex = new Int32Array(entries);
  const values = new Float32Array(entries);
  let e = 0;
  vectors.forEach((vector, row) => {
    rowStart[row] = e;
    for (let k = 0; k < vector.indices.length; k++) {
      columnIndex[e] = local[vector.indices[k] as number] as number;
      values[e] = vector.values[k] as number;
      e++;
    }
  });
  rowStart[vectors.length] = e;
  return { design: { kind: "csr", rowStart, columnIndex, values }, columns: Uint32Array.from(used) };
}

function copyWarmStart(
  previous: ClassifierModel,
  learned: readonly number[],
  columns: Uint32Array | null,
  problem: LogisticProblem,
  start: Float64Array,
): void {
  learned.forEach((c, local) => {
    // A class the previous model could not learn starts from zero, not from its +-30 logit.
    const count = previous.labelCounts[c] ?? 0;
    if (count === 0 || (previous.kind === "one-vs-rest" && count === previous.trainingSize)) return;
    for (let j = 0; j < problem.columns; j++) {
      const column = columns ? (columns[j] as number) : j;
      start[weightIndex(problem, local, j)] = previous.weights[column * previous.numClasses + c] as number;
    }
    start[learned.length * problem.columns + local] = previous.bias[c] as number;
  });
}

function assertSameShape(previous: ClassifierModel, features: FeatureMatrix, targets: TrainingTargets): void {
  const kind = targets.kind === "single-label" ? "softmax" : "one-vs-rest";
  if (previous.kind !== kind || previous.input !== features.kind || previous.inputDim !== features.dim || previous.numClasses !== targets.numClasses) {
    throw new TypeError(
      `classifier: warm start model is ${previous.kind} on ${previous.inputDim} ${previous.input} columns with ` +
        `${previous.numClasses} classes, but training is ${kind} on ${features.dim} ${features.kind} columns with ` +
        `${targets.numClasses} classes; drop warmStart after changing the label set or features`,
    );
  }
}
