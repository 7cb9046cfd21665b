import { encodeAnnotations, type EncodedAnnotations, type EncodeOptions } from "@/lib/aggregate/encode-annotations";
import type { AnnotationRow } from "@/lib/aggregate/types";

/**
 * When EM stops:
 * - `log-likelihood` (default): the log-likelihood changed by less than `tolerance` in one iteration;
 * - `parameters`: the class priors and the confusion matrices each moved by less than `tolerance`
 *   (sum of absolute changes), the rule of the dallascard/dawid_skene reference implementation.
 */
export type ConvergenceCriterion = "log-likelihood" | "parameters";

export interface DawidSkeneFitOptions {
  /** Default 100. */
  maxIterations?: number;
  /** Default 1e-5, an absolute change (in nats for the log-likelihood). */
  tolerance?: number;
  /** Default `log-likelihood`. */
  convergence?: ConvergenceCriterion;
  /**
   * Pseudo-count added to every confusion-matrix cell and every class-prior count before each
   * M-step normalises them (a MAP estimate under a symmetric Dirichlet prior). Default 0: the
   * maximum-likelihood estimate of Dawid & Skene (1979), which reproduces their published result.
   * A small value such as 0.01 keeps an annotator who answered only a few items from being taken
   * as certainly right or certainly wrong about a class.
   */
  smoothing?: number;
  /**
   * Default true. False leaves `items` empty: a caller that keeps only the parameters (the app
   * stores them and scores items later) saves building an object per item.
   */
  describeItems?: boolean;
}

export type DawidSkeneOptions = DawidSkeneFitOptions & EncodeOptions;

export interface DawidSkeneItem {
  item: string;
  /** The class with the highest posterior (the first in class order if several share it). */
  label: string;
  /** Posterior probability of `label`. */
  confidence: number;
  /** Posterior probability of each class, in `classes` order. */
  posterior: number[];
}

export interface AnnotatorConfusion {
  annotator: string;
  /** `matrix[trueClass][response]`: probability of this annotator answering `response`, both in `classes` order. */
  matrix: number[][];
}

export interface DawidSkeneResult {
  classes: string[];
  /** Estimated share of items in each class, in `classes` order. */
  classPriors: number[];
  confusionMatrices: AnnotatorConfusion[];
  /** One result per item, in order of the item's first row. */
  items: DawidSkeneItem[];
  /** Log-likelihood of the data under the final parameters (multinomial coefficients left out, as in the paper). */
  logLikelihood: number;
  /** Log-likelihood after each iteration; its length is `iterations`. */
  logLikelihoodTrace: number[];
  iterations: number;
  /** False when `maxIterations` ran out before the convergence criterion was met. */
  converged: boolean;
}


/** Dawid–Skene EM over annotation rows; repeated ratings of an item by one annotator each count. */
export function dawidSkene(rows: readonly AnnotationRow[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  return fitDawidSkene(encodeAnnotations(rows, options), options);
}

/** Dawid–Skene EM over already encoded annotations (see `encodeAnnotations`). */
export function fitDawidSkene(encoded: EncodedAnnotations, options: DawidSkeneFitOptions = {}): DawidSkeneResult {
  const steps = dawidSkeneSteps(encoded, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same fit, giving the event loop back after every EM iteration, for a server that must keep
 * answering requests while it refits a large project (one iteration over 100,000 items × 5
 * annotators takes tens of milliseconds; the whole fit takes seconds).
 */
export async function fitDawidSkeneYielding(encoded: EncodedAnnotations, options: DawidSkeneFitOptions = {}): Promise<DawidSkeneResult> {
  const steps = dawidSkeneSteps(encoded, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** EM as a generator that pauses after each iteration, so one loop serves both fits above. */
function* dawidSkeneSteps(encoded: EncodedAnnotations, options: DawidSkeneFitOptions): Generator<number, DawidSkeneResult, void> {
  const settings = settingsFrom(options);
  const model = createModel(encoded, settings.smoothing);
  if (model.itemCount === 0) return describe(encoded, model, [], true, settings.describeItems);

  initialiseFromResponseShares(model);
  const trace: number[] = [];
  let converged = false;
  for (let iteration = 1; iteration <= settings.maxIterations; iteration++) {
    model.previousPriors.set(model.priors);
    model.previousConfusion.set(model.confusion);
    estimateParameters(model);
    trace.push(estimatePosteriors(model));
    if (iteration > 1 && hasConverged(model, trace, settings.convergence, settings.tolerance)) {
      converged = true;
      break;
    }
    yield iteration;
  }
  return describe(encoded, model, trace, converged, settings.describeItems);
}

function settingsFrom(options: DawidSkeneFitOptions): Required<DawidSkeneFitOptions> {
  const settings = {
    maxIterations: options.maxIterations ?? 100,
    tolerance: options.tolerance ?? 1e-5,
    convergence: options.convergence ?? "log-likelihood",
    smoothing: options.smoothing ?? 0,
    describeItems: options.describeItems ?? true,
  };
  if (!Number.isInteger(settings.maxIterations) || settings.maxIterations < 1) {
    throw new Error(`Dawid–Skene maxIterations must be a whole number of at least 1; got ${settings.maxIterations}.`);
  }
  if (!(settings.tolerance >= 0)) throw new Error(`Dawid–Skene tolerance must be 0 or more; got ${settings.tolerance}.`);
  if (!(settings.smoothing >= 0)) throw new Error(`Dawid–Skene smoothing must be 0 or more; got ${settings.smoothing}.`);
  return settings;
}

/** Flat typed-array state; confusion is indexed `(annotator * K + trueClass) * K + response`. */
interface Model {
  itemCount: number;
  classCount: number;
  smoothing: number;
  itemIndex: Uint32Array;
  annotatorIndex: Uint32Array;
  classIndex: Uint32Array;
  posterior: Float64Array;
  priors: Float64Array;
  previousPriors: Float64Array;
  confusion: Float64Array;
  previousConfusion: Float64Array;
  logPriors: Float64Array;
  logConfusion: Float64Array;
}

function createModel(encoded: EncodedAnnotations, smoothing: number): Model {
  const itemCount = encoded.items.length;
  const annotatorCount = encoded.annotators.length;
  const classCount = encoded.classes.length;
  const cells = annotatorCount * classCount * classCount;
  return {
    itemCount,
    classCount,
    smoothing,
    itemIndex: encoded.itemIndex,
    annotatorIndex: encoded.annotatorIndex,
    classIndex: encoded.classIndex,
    posterior: new Float64Array(itemCount * classCount),
    priors: new Float64Array(classCount),
    previousPriors: new Float64Array(classCount),
    confusion: new Float64Array(cells),
    previousConfusion: new Float64Array(cells),
    logPriors: new Float64Array(classCount),
    logConfusion: new Float64Array(cells),
  };
}

/** Dawid & Skene's equation 3.1: each item starts as the share of its responses in each class. */
function initialiseFromResponseShares(model: Model): void {
  const { posterior, classCount: K } = model;
  for (let row = 0; row < model.itemIndex.length; row++) {
    posterior[model.itemIndex[row]! * K + model.classIndex[row]!]! += 1;
  }
  for (let base = 0; base < posterior.length; base += K) normaliseRange(posterior, base, K);
}

/** M-step (equations 2.3 and 2.4): expected counts under the current posteriors, normalised. */
function estimateParameters(model: Model): void {
  const { posterior, confusion, priors, smoothing, itemIndex, annotatorIndex, classIndex, classCount: K } = model;
  confusion.fill(smoothing);
  for (let row = 0; row < itemIndex.length; row++) {
    const itemBase = itemIndex[row]! * K;
    const cellBase = annotatorIndex[row]! * K * K + classIndex[row]!;
    for (let trueClass = 0; trueClass < K; trueClass++) {
      confusion[cellBase + trueClass * K]! += posterior[itemBase + trueClass]!;
    }
  }
  // A row with no mass (no smoothing, and the annotator never rated an item believed to be in
  // that class) stays all zeros, as in the reference implementation: it is never consulted.
  for (let base = 0; base < confusion.length; base += K) normaliseRange(confusion, base, K);

  priors.fill(smoothing);
  for (let base = 0; base < posterior.length; base += K) {
    for (let trueClass = 0; trueClass < K; trueClass++) priors[trueClass]! += posterior[base + trueClass]!;
  }
  normaliseRange(priors, 0, K);

  for (let cell = 0; cell < confusion.length; cell++) model.logConfusion[cell] = Math.log(confusion[cell]!);
  for (let trueClass = 0; trueClass < K; trueClass++) model.logPriors[trueClass] = Math.log(priors[trueClass]!);
}

/**
 * E-step (equation 2.5) in log space, since a product over many responses underflows a double.
 * Returns the log-likelihood of the data under the parameters just estimated (equation 2.7).
 */
function estimatePosteriors(model: Model): number {
  const { posterior, logPriors, logConfusion, itemIndex, annotatorIndex, classIndex, classCount: K } = model;
  for (let base = 0; base < posterior.length; base += K) {
    for (let trueClass = 0; trueClass < K; trueClass++) posterior[base + trueClass] = logPriors[trueClass]!;
  }
  for (let row = 0; row < itemIndex.length; row++) {
    const itemBase = itemIndex[row]! * K;
    const cellBase = annotatorIndex[row]! * K * K + classIndex[row]!;
    for (let trueClass = 0; trueClass < K; trueClass++) {
      posterior[itemBase + trueClass]! += logConfusion[cellBase + trueClass * K]!;
    }
  }
  let logLikelihood = 0;
  for (let base = 0; base < posterior.length; base += K) {
    let highest = -Infinity;
    for (let trueClass = 0; trueClass < K; trueClass++) {
      const score = posterior[base + trueClass]!;
      if (score > highest) highest = score;
    }
    let total = 0;
    for (let trueClass = 0; trueClass < K; trueClass++) {
      const share = Math.exp(posterior[base + trueClass]! - highest);
      posterior[base + trueClass] = share;
      total += share;
    }
    const scale = 1 / total;
    for (let trueClass = 0; trueClass < K; trueClass++) posterior[base + trueClass]! *= scale;
    logLikelihood += highest + Math.log(total);
  }
  return logLikelihood;
}

function hasConverged(model: Model, trace: readonly number[], criterion: ConvergenceCriterion, tolerance: number): boolean {
  if (criterion === "log-likelihood") {
    return Math.abs(trace[trace.length - 1]! - trace[trace.length - 2]!) < tolerance;
  }
  return (
    absoluteDifference(model.priors, model.previousPriors) < tolerance &&
    absoluteDifference(model.confusion, model.previousConfusion) < tolerance
  );
}

function absoluteDifference(current: Float64Array, previous: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < current.length; index++) sum += Math.abs(current[index]! - previous[index]!);
  return sum;
}

function normaliseRange(values: Float64Array, start: number, length: number): void {
  let total = 0;
  for (let index = start; index < start + length; index++) total += values[index]!;
  if (total <= 0) return;
  for (let index = start; index < start + length; index++) values[index]! /= total;
}

function describe(encoded: EncodedAnnotations, model: Model, trace: number[], converged: boolean, describeItems: boolean): DawidSkeneResult {
  const K = model.classCount;
  const items = (describeItems ? encoded.items : []).map((item, itemId): DawidSkeneItem => {
    const posterior = Array.from(model.posterior.subarray(itemId * K, itemId * K + K));
    let best = 0;
    posterior.forEach((probability, classId) => {
      if (probability > posterior[best]!) best = classId;
    });
    return { item, label: encoded.classes[best]!, confidence: posterior[best]!, posterior };
  });
  const confusionMatrices = encoded.annotators.map((annotator, annotatorId) => ({
    annotator,
    matrix: Array.from({ length: K }, (_, trueClass) => {
      const start = (annotatorId * K + trueClass) * K;
      return Array.from(model.confusion.subarray(start, start + K));
    }),
  }));
  return {
    classes: encoded.classes,
    classPriors: Array.from(model.priors),
    confusionMatrices,
    items,
    logLikelihood: trace[trace.length - 1] ?? 0,
    logLikelihoodTrace: trace,
    iterations: trace.length,
    converged,
  };
}
