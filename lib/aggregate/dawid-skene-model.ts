/**
 * A fitted Dawid–Skene model kept apart from the items it was fitted on: class priors and one
 * confusion matrix per annotator. The app fits a project now and then and stores this; between
 * fits, an item whose annotations change is scored against the stored model (one E-step for that
 * item), so its posterior is current without refitting the whole project.
 *
 * Multi-label projects fit one binary model per label (is the label present or not), each
 * annotator's answer on an item being a yes or a no for every label. The labels are taken as
 * independent: the posterior of a label set is the product of the per-label posteriors.
 */
import { z } from "zod";
import { fitDawidSkeneYielding, type DawidSkeneFitOptions, type DawidSkeneResult } from "./dawid-skene";
import { encodeAnnotations, type EncodedAnnotations } from "./encode-annotations";

export interface DawidSkeneModel {
  /** Class labels in the order of `priors` and of the matrices' rows and columns. */
  readonly classes: readonly string[];
  readonly priors: readonly number[];
  /** `confusion[annotator][trueClass][response]`. */
  readonly confusion: Readonly<Record<string, readonly (readonly number[])[]>>;
}

export type StoredDawidSkene =
  | { readonly kind: "single-label"; readonly model: DawidSkeneModel }
  | { readonly kind: "multi-label"; readonly perLabel: Readonly<Record<string, DawidSkeneModel>> };

/** The two classes of a multi-label project's per-label model. */
export const ABSENT = "absent";
export const PRESENT = "present";

export interface SingleLabelVote {
  readonly annotator: string;
  readonly label: string;
}

export interface MultiLabelVote {
  readonly annotator: string;
  readonly labels: readonly string[];
}

export interface MultiLabelRow {
  readonly item: string;
  readonly annotator: string;
  readonly labels: readonly string[];
}

export function modelFromResult(result: DawidSkeneResult): DawidSkeneModel {
  return {
    classes: result.classes,
    priors: result.classPriors,
    confusion: Object.fromEntries(result.confusionMatrices.map(({ annotator, matrix }) => [annotator, matrix])),
  };
}

/**
 * Fits a single-label project from its encoded ratings (encoded with the project's label set as
 * `classes`, so unused labels get a prior too). Only the parameters are kept.
 */
export async function fitSingleLabelModel(
  encoded: EncodedAnnotations,
  options: DawidSkeneFitOptions,
): Promise<{ stored: StoredDawidSkene; result: DawidSkeneResult }> {
  const result = await fitDawidSkeneYielding(encoded, { ...options, describeItems: false });
  return { stored: { kind: "single-label", model: modelFromResult(result) }, result };
}

/**
 * Fits one present/absent model per label. The figures are for the project as a whole: the sum of
 * the labels' log-likelihoods, the most iterations any label took, and converged only if every
 * label converged.
 */
export async function fitMultiLabelModel(
  rows: readonly MultiLabelRow[],
  labels: readonly string[],
  options: DawidSkeneFitOptions,
): Promise<{ stored: StoredDawidSkene; logLikelihood: number; iterations: number; converged: boolean; items: number }> {
  const perLabel: Record<string, DawidSkeneModel> = {};
  let logLikelihood = 0;
  let iterations = 0;
  let converged = true;
  let items = 0;
  for (const label of labels) {
    const binary = rows.map((row) => ({ item: row.item, annotator: row.annotator, label: row.labels.includes(label) ? PRESENT : ABSENT }));
    const encoded = encodeAnnotations(binary, { classes: [ABSENT, PRESENT] });
    const result = await fitDawidSkeneYielding(encoded, { ...options, describeItems: false });
    perLabel[label] = modelFromResult(result);
    logLikelihood += result.logLikelihood;
    iterations = Math.max(iterations, result.iterations);
    converged &&= result.converged;
    items = encoded.items.length;
  }
  return { stored: { kind: "multi-label", perLabel }, logLikelihood, iterations, converged, items };
}

/** A project's fit as stored, with the figures its fit row records. */
export interface FittedDawidSkene {
  readonly stored: StoredDawidSkene;
  readonly items: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly logLikelihood: number;
}

/**
 * Where a project's fit is computed: in this thread (`inThreadFitter`: tests, the CLI) or on a
 * background job's worker thread (lib/aggregate/server/dawid-skene-thread.ts), so that EM over a
 * large project never holds the server's event loop.
 */
export interface DawidSkeneFitter {
  fitSingle(encoded: EncodedAnnotations, options: DawidSkeneFitOptions): Promise<FittedDawidSkene>;
  fitMulti(rows: readonly MultiLabelRow[], labels: readonly string[], options: DawidSkeneFitOptions): Promise<FittedDawidSkene>;
}

export const inThreadFitter: DawidSkeneFitter = {
  async fitSingle(encoded, options) {
    const { stored, result } = await fitSingleLabelModel(encoded, options);
    return { stored, items: encoded.items.length, iterations: result.iterations, converged: result.converged, logLikelihood: result.logLikelihood };
  },
  async fitMulti(rows, labels, options) {
    const fit = await fitMultiLabelModel(rows, labels, options);
    return { stored: fit.stored, items: fit.items, iterations: fit.iterations, converged: fit.converged, logLikelihood: fit.logLikelihood };
  },
};

/**
 * The posterior over `model.classes` for one item's votes: P(class) ∝ prior × Π confusion rows.
 * An annotator the model has not seen (they joined after the fit) is scored with the average of
 * the known annotators' matrices; a label outside the model (added after the fit) is ignored.
 * Null when no vote counts.
 */
export function itemPosterior(model: DawidSkeneModel, votes: readonly SingleLabelVote[]): number[] | null {
  const classCount = model.classes.length;
  const logScores = model.priors.map((prior) => Math.log(prior));
  let counted = 0;
  for (const vote of votes) {
    const response = model.classes.indexOf(vote.label);
    if (response < 0) continue;
    const matrix = model.confusion[vote.annotator] ?? pooledConfusion(model);
    for (let trueClass = 0; trueClass < classCount; trueClass++) {
      logScores[trueClass]! += Math.log(matrix[trueClass]?.[response] ?? 0);
    }
    counted++;
  }
  if (counted === 0) return null;
  const highest = Math.max(...logScores);
  if (!Number.isFinite(highest)) return null;
  const shares = logScores.map((score) => Math.exp(score - highest));
  const total = shares.reduce((sum, share) => sum + share, 0);
  return shares.map((share) => share / total);
}

/** The model's single-label verdict: its most probable class and the posterior of `label` (if given). */
export function singleLabelVerdict(
  model: DawidSkeneModel,
  votes: readonly SingleLabelVote[],
): { label: string; posterior: number; posteriorOf: (label: string) => number } | null {
  const posterior = itemPosterior(model, votes);
  if (!posterior) return null;
  let best = 0;
  posterior.forEach((probability, index) => {
    if (probability > posterior[best]!) best = index;
  });
  return {
    label: model.classes[best]!,
    posterior: posterior[best]!,
    posteriorOf: (label) => posterior[model.classes.indexOf(label)] ?? 0,
  };
}

/**
 * The multi-label verdict: every label whose present-posterior is at least one half, with the
 * posterior of that whole set, and the posterior of any other set. Labels without a model (added
 * after the fit) are left out of both.
 */
export function multiLabelVerdict(
  perLabel: Readonly<Record<string, DawidSkeneModel>>,
  votes: readonly MultiLabelVote[],
): { labels: string[]; posterior: number; posteriorOf: (labels: readonly string[]) => number } | null {
  const present = new Map<string, number>();
  for (const [label, model] of Object.entries(perLabel)) {
    const binaryVotes = votes.map((vote) => ({ annotator: vote.annotator, label: vote.labels.includes(label) ? PRESENT : ABSENT }));
    const posterior = itemPosterior(model, binaryVotes);
    if (!posterior) return null;
    present.set(label, posterior[model.classes.indexOf(PRESENT)] ?? 0);
  }
  if (present.size === 0) return null;
  const posteriorOf = (labels: readonly string[]) => {
    let product = 1;
    for (const [label, probability] of present) product *= labels.includes(label) ? probability : 1 - probability;
    return product;
  };
  const labels = [...present].filter(([, probability]) => probability >= 0.5).map(([label]) => label);
  return { labels, posterior: posteriorOf(labels), posteriorOf };
}

/**
 * Each annotator's estimated accuracy: the probability they answer with the true class, averaged
 * over classes by the class priors. For multi-label models, averaged over the labels.
 */
export function annotatorAccuracy(stored: StoredDawidSkene): Map<string, number> {
  const models = stored.kind === "single-label" ? [stored.model] : Object.values(stored.perLabel);
  const sums = new Map<string, number>();
  for (const model of models) {
    for (const [annotator, matrix] of Object.entries(model.confusion)) {
      const accuracy = model.priors.reduce((sum, prior, trueClass) => sum + prior * (matrix[trueClass]?.[trueClass] ?? 0), 0);
      sums.set(annotator, (sums.get(annotator) ?? 0) + accuracy / models.length);
    }
  }
  return sums;
}

const pooledCache = new WeakMap<DawidSkeneModel, number[][]>();

function pooledConfusion(model: DawidSkeneModel): number[][] {
  let pooled = pooledCache.get(model);
  if (pooled) return pooled;
  const classCount = model.classes.length;
  const matrices = Object.values(model.confusion);
  pooled = Array.from({ length: classCount }, (_, trueClass) => {
    const row = Array.from({ length: classCount }, (_, response) =>
      matrices.length === 0 ? 1 / classCount : matrices.reduce((sum, matrix) => sum + (matrix[trueClass]?.[response] ?? 0), 0) / matrices.length,
    );
    const total = row.reduce((sum, value) => sum + value, 0);
    return total > 0 ? row.map((value) => value / total) : row.map(() => 1 / classCount);
  });
  pooledCache.set(model, pooled);
  return pooled;
}

const modelSchema = z.object({
  classes: z.array(z.string()).min(2),
  priors: z.array(z.number()),
  confusion: z.record(z.string(), z.array(z.array(z.number()))),
});

const storedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single-label"), model: modelSchema }),
  z.object({ kind: z.literal("multi-label"), perLabel: z.record(z.string(), modelSchema) }),
]);

/** Reads a stored model back; throws with the offending path if the JSON is not one. */
export function parseStoredDawidSkene(json: unknown): StoredDawidSkene {
  return storedSchema.parse(json);
}
