/**
 * Out-of-fold predictions for the items the classifier trained on. A model fitted to an item's
 * settled label hands that label back as its prediction, and that prediction is the suggestion
 * the item's next annotator sees: annotator 1's coin flips came back to annotator 2 as
 * suggestions 93% of the time. So every trained item is scored by a model that never saw its
 * labels: the items are split into folds by a hash of their id (held-out-metrics.ts), and the
 * items of a fold are scored by a model trained on the other folds. Fold 0's model is the held-out
 * evaluation's, when that ran. Items nobody has settled are scored by the full model, which never
 * saw a label of theirs either.
 *
 * A fold whose other folds cannot train a classifier (too few examples or labels) gets no
 * prediction at all rather than a guess from its own labels.
 */
import "server-only";
import type { ClassifierModel } from "@/lib/active-learning/classifier-model";
import { selectRows, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { rescoreSteps, type RescoreResult } from "@/lib/active-learning/rescore";
import type { Steps } from "@/lib/active-learning/steps";
import { trainClassifierSteps } from "@/lib/active-learning/train-classifier";
import type { UncertaintyStrategy } from "@/lib/active-learning/uncertainty";
import { foldOf, HELD_OUT_ONE_IN, type TrainingExample } from "./held-out-metrics";
import { countExampleLabels, untrainedReason } from "./untrained-reason";

export const CROSS_FIT_FOLDS = HELD_OUT_ONE_IN;

export interface CrossFitProblem {
  readonly features: FeatureMatrix;
  readonly examples: readonly TrainingExample[];
  readonly multiLabel: boolean;
  readonly numClasses: number;
  readonly strategy: UncertaintyStrategy;
  /** The held-out evaluation's model, trained on every fold but 0, when it ran. */
  readonly heldOutModel: ClassifierModel | null;
  /** The previous version's fold models, by fold, already checked to have the right shape. */
  readonly warmStarts: readonly (ClassifierModel | null)[];
}

export interface FoldScores {
  readonly fold: number;
  /** Feature rows of the fold's trained items. */
  readonly rows: readonly number[];
  /** Their scores under the fold's model (rows in the same order), or null when there is none. */
  readonly result: RescoreResult | null;
}

export interface CrossFit {
  readonly folds: readonly FoldScores[];
  /** The fold models, by fold (null where none was trained): the next version's warm starts. */
  readonly models: readonly (ClassifierModel | null)[];
}

export function* crossFitSteps(problem: CrossFitProblem): Steps<CrossFit> {
  const { features, examples, multiLabel, numClasses, strategy } = problem;
  const byFold: TrainingExample[][] = Array.from({ length: CROSS_FIT_FOLDS }, () => []);
  for (const example of examples) byFold[foldOf(example.key)]?.push(example);

  const folds: FoldScores[] = [];
  const models: (ClassifierModel | null)[] = new Array<ClassifierModel | null>(CROSS_FIT_FOLDS).fill(null);
  for (let fold = 0; fold < CROSS_FIT_FOLDS; fold++) {
    const scored = byFold[fold] as TrainingExample[];
    if (scored.length === 0) continue;
    const rows = scored.map((example) => example.row);
    const train = examples.filter((example) => foldOf(example.key) !== fold);
    let model: ClassifierModel | null = fold === 0 ? problem.heldOutModel : null;
    if (!model && untrainedReason(countExampleLabels(train, numClasses), train.length, multiLabel) === null) {
      const warmStart = problem.warmStarts[fold];
      model = yield* trainClassifierSteps(
        selectRows(features, train.map((example) => example.row)),
        multiLabel
          ? { kind: "multi-label", numClasses, labels: train.map((example) => example.labels) }
          : { kind: "single-label", numClasses, labels: train.map((example) => example.labels[0] as number) },
        warmStart ? { warmStart } : {},
      );
    }
    models[fold] = model;
    const result = model ? yield* rescoreSteps(model, selectRows(features, rows), { strategy, keepProbabilities: true }) : null;
    folds.push({ fold, rows, result });
  }
  return { folds, models };
}
