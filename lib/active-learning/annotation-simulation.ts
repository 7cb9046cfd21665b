import { predictProbaMatrix, type ClassifierModel } from "./classifier-model";
import { DEFAULT_MIN_PER_CLASS, diversityOrder, needsColdStart } from "./cold-start";
import { argmaxRows, classificationReport, type ClassificationReport } from "./evaluation";
import { selectRows, type FeatureMatrix } from "./feature-matrix";
import { DEFAULT_EXPLORATION_SHARE, rankQueue, rareClasses } from "./ranking";
import { rescore } from "./rescore";
import { seededRandom, shuffleInPlace } from "@/lib/random";
import { trainClassifier, type TrainingOptions } from "./train-classifier";
import type { UncertaintyStrategy } from "./uncertainty";

/** `random` is the baseline: the pool in a seeded random order, no model involved. */
export type QueueStrategy = "random" | UncertaintyStrategy;

export interface AnnotationSimulation {
  /** All items; `pool` and `test` index into it. */
  readonly features: FeatureMatrix;
  readonly gold: ArrayLike<number>;
  readonly numClasses: number;
  /** Items the simulated annotator can be asked about. */
  readonly pool: Uint32Array;
  /** Held-out items the model is evaluated on after every batch. */
  readonly test: Uint32Array;
  readonly strategy: QueueStrategy;
  readonly seed: number;
  readonly batch: number;
  readonly maxLabels: number;
  /** The figure the learning curve tracks, e.g. accuracy or the F1 of one class. */
  readonly metric: (report: ClassificationReport) => number;
  readonly training?: Partial<TrainingOptions>;
  readonly explorationShare?: number;
  /** Added to the uncertainty of items predicted as a rare class (see `rareClasses`). */
  readonly rareClassBoost?: number;
  readonly minPerClass?: number;
}

export interface LearningCurvePoint {
  readonly labels: number;
  readonly metric: number;
  /** True while the batch that led here was chosen by the diversity cold start. */
  readonly coldStart: boolean;
}

/**
 * Replays annotation the way the product queues it, with an annotator who answers from the gold
 * labels: batches of `batch` items, the model retrained (warm-started) after each batch and
 * evaluated on `test`. Strategies other than `random` follow the product: diversity (k-means++)
 * until every class has `minPerClass` labels, then the ranked queue with exploration and the
 * rare-class boost.
 */
export function simulateAnnotation(simulation: AnnotationSimulation): LearningCurvePoint[] {
  const { features, gold, numClasses, pool, strategy, seed, batch } = simulation;
  const poolFeatures = selectRows(features, pool);
  const testFeatures = selectRows(features, simulation.test);
  const testGold = Int32Array.from(simulation.test, (item) => gold[item] as number);
  const maxLabels = Math.min(simulation.maxLabels, pool.length);
  const randomOrder = strategy === "random" ? shuffleInPlace(Uint32Array.from(pool.keys()), seededRandom(seed)) : new Uint32Array(0);
  const minPerClass = simulation.minPerClass ?? DEFAULT_MIN_PER_CLASS;

  // Positions in `pool` of the labelled items, in the order they were labelled.
  const labelled: number[] = [];
  const isLabelled = new Uint8Array(pool.length);
  const counts = new Float64Array(numClasses);
  const curve: LearningCurvePoint[] = [];
  let model: ClassifierModel | undefined;
  let round = 0;

  while (labelled.length < maxLabels) {
    const size = Math.min(batch, maxLabels - labelled.length);
    // A fresh but reproducible random draw for every round of every run.
    const roundSeed = seed * 7919 + round;
    let coldStart = false;
    let chosen: ArrayLike<number>;
    if (strategy === "random") {
      chosen = randomOrder.subarray(labelled.length, labelled.length + size);
    } else if (model === undefined || needsColdStart(counts, minPerClass)) {
      coldStart = true;
      chosen = diversityOrder(poolFeatures, { count: size, seed: roundSeed, labelled });
    } else {
      const { scores, predicted } = rescore(model, poolFeatures, { strategy });
      const queue = rankQueue(scores, {
        strategy,
        seed: roundSeed,
        skip: isLabelled,
        explorationShare: simulation.explorationShare ?? DEFAULT_EXPLORATION_SHARE,
        rareClassBoost: { predicted, classes: rareClasses(counts), boost: simulation.rareClassBoost ?? 0 },
      });
      chosen = queue.order.subarray(0, size);
    }
    for (let k = 0; k < chosen.length; k++) {
      const position = chosen[k] as number;
      labelled.push(position);
      isLabelled[position] = 1;
      const label = gold[pool[position] as number] as number;
      counts[label] = (counts[label] as number) + 1;
    }

    const items = labelled.map((position) => pool[position] as number);
    model = trainClassifier(
      selectRows(features, items),
      { kind: "single-label", numClasses, labels: items.map((item) => gold[item] as number) },
      { ...simulation.training, warmStart: model },
    );
    const predicted = argmaxRows(predictProbaMatrix(model, testFeatures), numClasses);
    curve.push({ labels: labelled.length, metric: simulation.metric(classificationReport(testGold, predicted, numClasses)), coldStart });
    round++;
  }
  return curve;
}

/** Labels at the first point where the curve reaches `target`; null when it never does. */
export function labelsToTarget(curve: readonly LearningCurvePoint[], target: number): number | null {
  return curve.find((point) => point.metric >= target)?.labels ?? null;
}
