/**
 * Retrains a project's classifier and re-ranks its queue: a worker thread reads the resolved labels
 * and the features, plans the ranking and serialises the model (compute-retrain.ts, run through
 * retrain-thread.ts), and this thread saves the version, every item's score and the queue ranks
 * (db/queries/ranking-write.ts). The server (after labels, embeddings or a lead's request),
 * `goldset score` and `goldset import` all run exactly this, worker thread included.
 *
 * The write runs on the server's event loop, in slices (event-loop-slices.ts): its small
 * transactions fill a second rank column and the new version's scores while the queue keeps
 * serving the live ones, then switch both at once (bench/retrain-blocking.ts measures the longest
 * wait a request sees, the write apart). The scores reach it as columns of typed arrays, and each
 * item's record is built only as its row is written.
 */
import "server-only";
import type { Db } from "@/db";
import { saveRankingSteps, type NewItemScore } from "@/db/queries/ranking-write";
import type { RetrainComputation } from "./compute-retrain";
import { eventLoopSlices, runInSlices } from "./event-loop-slices";
import { computeRetrainInThread, reportSavedVersion } from "./retrain-thread";
import type { RetrainTrigger } from "./version-metrics";

export interface RetrainOutcome {
  readonly version: number;
  readonly features: string;
  readonly featureDescription: string;
  readonly coldStart: boolean;
  readonly trainedOn: number;
  readonly ranked: number;
  readonly scored: number;
  readonly heldOut: RetrainComputation["heldOut"];
  readonly seconds: number;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export async function retrainProject({
  db,
  projectId,
  trigger,
  onWriteStart,
}: {
  db: Db;
  projectId: string;
  trigger: RetrainTrigger;
  /** Called once the computing is done and the write of its results begins (benchmarks time the phases apart). */
  onWriteStart?: () => void;
}): Promise<RetrainOutcome> {
  const started = performance.now();
  const computation = await computeRetrainInThread({ db, projectId, trigger });
  const slices = eventLoopSlices();
  const { itemIds, positions } = computation;
  const ranks: (number | null)[] = new Array<number | null>(itemIds.length);
  for (let row = 0; row < ranks.length; row++) {
    ranks[row] = positions[row] || null;
    if (slices.due()) await slices.pause();
  }
  onWriteStart?.();
  const version = await runInSlices(
    saveRankingSteps({
      db,
      projectId,
      version: {
        features: computation.features,
        strategy: computation.strategy,
        trainedOn: computation.trainedOn,
        metrics: { ...computation.metrics },
        modelJson: computation.modelJson,
      },
      scores: scoreRecords(computation),
      ranks: { itemIds, ranks },
    }),
    slices,
  );
  reportSavedVersion(projectId, version);
  return {
    version,
    features: computation.features,
    featureDescription: computation.featureDescription,
    coldStart: computation.coldStart,
    trainedOn: computation.trainedOn,
    ranked: computation.ranked,
    scored: computation.scores.rows.length,
    heldOut: computation.heldOut,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The item_scores records of a computation, each built when the write asks for it. */
function scoreRecords({ scores, itemIds, positions, labelNames, strategy, coldStart }: RetrainComputation): {
  readonly length: number;
  at(k: number): NewItemScore;
} {
  return {
    length: scores.rows.length,
    at(k) {
      const row = scores.rows[k] as number;
      const predicted = Array.from(
        scores.predictedLabels.subarray(scores.predictedStart[k], scores.predictedStart[k + 1]),
        (index) => labelNames[index] ?? String(index),
      );
      return {
        itemId: itemIds[row] as number,
        predicted,
        confidence: round(scores.confidence[k] as number),
        score: round(scores.score[k] as number),
        // Why the item sits where it does, as item_scores.reason stores it.
        reason: {
          strategy,
          uncertainty: round(scores.uncertainty[k] as number),
          exploration: scores.exploration[k] === 1,
          boosts: { rareClass: round(scores.rareClassBoost[k] as number), llmDisagreement: round(scores.disagreementBoost[k] as number) },
          coldStart,
          diversityPick: scores.diversityPick[k] || null,
          outOfFold: scores.outOfFold[k] === 1,
          position: positions[row] || null,
        },
      };
    },
  };
}
