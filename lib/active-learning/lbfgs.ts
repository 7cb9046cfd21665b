/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for the smooth convex objectives of
 * the linear classifiers. Deterministic: the same start and objective give the same iterates.
 *
 * With hashed features the parameter vector is large (tens of thousands of columns times the
 * classes) while each objective evaluation over a few thousand short texts is cheap, so the
 * optimiser's own vector passes cost as much as the objective. The loops below fuse those passes:
 * about 2m + 3 per iteration for m stored pairs, instead of about 4m + 9.
 *
 * `minimizeLbfgsSteps` yields after every objective evaluation and every pass over the
 * parameters, so a server can run a large fit between other requests (see steps.ts).
 */
import { runSteps, type Steps } from "./steps";

export interface LbfgsOptions {
  readonly maxIterations: number;
  /** Stop when the largest gradient component is at most this. */
  readonly gradientTolerance: number;
  /** Stop when an iteration improves the objective by less than this fraction of its value. */
  readonly relativeTolerance: number;
  /** Number of (step, gradient change) pairs kept. */
  readonly history: number;
}

const DEFAULT_LBFGS_OPTIONS: LbfgsOptions = {
  maxIterations: 200,
  gradientTolerance: 1e-5,
  relativeTolerance: 1e-9,
  history: 8,
};

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** `objective(x, gradient)` returns f(x) and writes the gradient of f at x into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** The same, computed in steps (see steps.ts). */
export type SteppedObjective = (x: Float64Array, gradient: Float64Array) => Steps<number>;

/**
 * The last `history` pairs s = x' - x, y = g' - g with rho = 1 / (s . y) and y . y; pair m
 * (0 = oldest) sits in slot (oldest + m) % history. A slot's vectors are allocated when first
 * filled: for a hashed-feature model they are megabytes each, and allocating and first touching
 * all of them at once would be one long step.
 */
interface CurvatureMemory {
  readonly steps: (Float64Array | undefined)[];
  readonly changes: (Float64Array | undefined)[];
  readonly rhos: Float64Array;
  readonly changeNorms: Float64Array;
  readonly alphas: Float64Array;
  stored: number;
  oldest: number;
}

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: Partial<LbfgsOptions> = {}): LbfgsResult {
  // A plain objective is one step.
  const stepped: SteppedObjective = function* (x, gradient) {
    return objective(x, gradient);
  };
  return runSteps(minimizeLbfgsSteps(stepped, start, options));
}

export function* minimizeLbfgsSteps(objective: SteppedObjective, start: Float64Array, options: Partial<LbfgsOptions> = {}): Steps<LbfgsResult> {
  const { maxIterations, gradientTolerance, relativeTolerance, history } = { ...DEFAULT_LBFGS_OPTIONS, ...options };
  const n = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = yield* objective(x, gradient);
  let gradientMax = maxAbs(gradient);
  const memory: CurvatureMemory = {
    steps: new Array<Float64Array | undefined>(history).fill(undefined),
    changes: new Array<Float64Array | undefined>(history).fill(undefined),
    rhos: new Float64Array(history),
    changeNorms: new Float64Array(history),
    alphas: new Float64Array(history),
    stored: 0,
    oldest: 0,
  };
  const direction = new Float64Array(n);
  let trialX = new Float64Array(n);
  let trialGradient = new Float64Array(n);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (gradientMax <= gradientTolerance) return { x, value, iterations: iteration, converged: true };

    let slope = yield* searchDirection(memory, gradient, direction);
    if (slope >= 0) {
      // Curvature information went stale (rounding); restart from steepest descent.
      memory.stored = 0;
      slope = yield* searchDirection(memory, gradient, direction);
    }

    // Without curvature information, take a first step of unit length.
    let step = memory.stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let trialValue = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let k = 0; k < n; k++) trialX[k] = (x[k] as number) + step * (direction[k] as number);
      yield;
      trialValue = yield* objective(trialX, trialGradient);
      if (trialValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(trialValue < value)) return { x, value, iterations: iteration, converged: false };

    gradientMax = remember(memory, x, trialX, gradient, trialGradient);
    yield;
    const improvement = value - trialValue;
    [x, trialX] = [trialX, x];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = trialValue;
    if (improvement <= relativeTolerance * Math.max(Math.abs(value), 1e-12)) {
      return { x, value, iterations: iteration + 1, converged: true };
    }
  }
  return { x, value, iterations: maxIterations, converged: gradientMax <= gradientTolerance };
}

/**
 * Two-loop recursion, direction = -H g, with each axpy fused into the next dot product, one step
 * per pass. Returns the slope direction . g.
 */
function* searchDirection(memory: CurvatureMemory, gradient: Float64Array, direction: Float64Array): Steps<number> {
  const n = gradient.length;
  const { steps, changes, rhos, changeNorms, alphas, stored } = memory;
  const slot = (m: number) => (memory.oldest + m) % steps.length;
  let slope = 0;
  if (stored === 0) {
    for (let k = 0; k < n; k++) {
      const d = -(gradient[k] as number);
      direction[k] = d;
      slope += d * (gradient[k] as number);
    }
    return slope;
  }

  // First loop, newest to oldest: alpha_m = rho_m s_m . q, then q -= alpha_m y_m.
  let s = steps[slot(stored - 1)] as Float64Array;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const q = gradient[k] as number;
    direction[k] = q;
    sum += (s[k] as number) * q;
  }
  let alpha = (rhos[slot(stored - 1)] as number) * sum;
  alphas[stored - 1] = alpha;
  yield;
  for (let m = stored - 2; m >= 0; m--) {
    const previousChange = changes[slot(m + 1)] as Float64Array;
    s = steps[slot(m)] as Float64Array;
    sum = 0;
    for (let k = 0; k < n; k++) {
      const q = (direction[k] as number) - alpha * (previousChange[k] as number);
      direction[k] = q;
      sum += (s[k] as number) * q;
    }
    alpha = (rhos[slot(m)] as number) * sum;
    alphas[m] = alpha;
    yield;
  }

  // Last update of the first loop, scaled by gamma = s.y / y.y of the newest pair (the initial
  // Hessian guess), fused with the first dot product of the second loop.
  const newest = slot(stored - 1);
  const gamma = 1 / ((rhos[newest] as number) * (changeNorms[newest] as number));
  const oldestChange = changes[slot(0)] as Float64Array;
  sum = 0;
  for (let k = 0; k < n; k++) {
    const r = ((direction[k] as number) - alpha * (oldestChange[k] as number)) * gamma;
    direction[k] = r;
    sum += (oldestChange[k] as number) * r;
  }
  let beta = (rhos[slot(0)] as number) * sum;
  yield;

  // Second loop, oldest to newest: r += (alpha_m - beta_m) s_m, beta_{m+1} = rho y_{m+1} . r.
  for (let m = 0; m < stored - 1; m++) {
    s = steps[slot(m)] as Float64Array;
    const nextChange = changes[slot(m + 1)] as Float64Array;
    const coefficient = (alphas[m] as number) - beta;
    sum = 0;
    for (let k = 0; k < n; k++) {
      const r = (direction[k] as number) + coefficient * (s[k] as number);
      direction[k] = r;
      sum += (nextChange[k] as number) * r;
    }
    beta = (rhos[slot(m + 1)] as number) * sum;
    yield;
  }
  s = steps[newest] as Float64Array;
  const coefficient = (alphas[stored - 1] as number) - beta;
  for (let k = 0; k < n; k++) {
    const d = -((direction[k] as number) + coefficient * (s[k] as number));
    direction[k] = d;
    slope += d * (gradient[k] as number);
  }
  return slope;
}

/** Stores the pair of the step just taken (if its curvature is positive); returns max |g'|. */
function remember(memory: CurvatureMemory, x: Float64Array, nextX: Float64Array, gradient: Float64Array, nextGradient: Float64Array): number {
  const history = memory.steps.length;
  const target = memory.stored < history ? (memory.oldest + memory.stored) % history : memory.oldest;
  const s = (memory.steps[target] ??= new Float64Array(x.length));
  const y = (memory.changes[target] ??= new Float64Array(x.length));
  let curvature = 0;
  let changeNorm = 0;
  let gradientMax = 0;
  for (let k = 0; k < x.length; k++) {
    const step = (nextX[k] as number) - (x[k] as number);
    const change = (nextGradient[k] as number) - (gradient[k] as number);
    s[k] = step;
    y[k] = change;
    curvature += step * change;
    changeNorm += change * change;
    gradientMax = Math.max(gradientMax, Math.abs(nextGradient[k] as number));
  }
  if (curvature > 1e-12 * changeNorm) {
    memory.rhos[target] = 1 / curvature;
    memory.changeNorms[target] = changeNorm;
    if (memory.stored < history) memory.stored++;
    else memory.oldest = (memory.oldest + 1) % history;
  }
  return gradientMax;
}

function maxAbs(x: Float64Array): number {
  let max = 0;
  for (let k = 0; k < x.length; k++) max = Math.max(max, Math.abs(x[k] as number));
  return max;
}
