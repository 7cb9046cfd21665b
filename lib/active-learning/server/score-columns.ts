/**
 * A retrain's per-item scores as columns of typed arrays rather than an object per item, so the
 * worker thread can transfer them to the server's thread (compute-retrain.ts) without cloning.
 */
import "server-only";
import type { RowScore } from "./plan-ranking";

/** The scored items, one entry each, in row order: columns rather than an object per item. */
export interface ScoreColumns {
  /** The row (index into itemIds) of each entry. */
  readonly rows: Uint32Array;
  /** Entry k predicts predictedLabels[predictedStart[k] .. predictedStart[k + 1]] (label indices). */
  readonly predictedStart: Uint32Array;
  readonly predictedLabels: Uint32Array;
  readonly confidence: Float64Array;
  readonly uncertainty: Float64Array;
  readonly score: Float64Array;
  readonly rareClassBoost: Float64Array;
  readonly disagreementBoost: Float64Array;
  /** 1 when the entry's queue place is an exploration pick. */
  readonly exploration: Uint8Array;
  /** 1 when a model trained without the item's labels scored it. */
  readonly outOfFold: Uint8Array;
  /** 1-based place among the cold start's diversity picks; 0 when it is none. */
  readonly diversityPick: Uint32Array;
}

/** The columns of per-row scores: rows without a score (null) are left out. */
export function scoreColumns(rowScores: readonly (RowScore | null)[]): ScoreColumns {
  const rows: number[] = [];
  let labelCount = 0;
  rowScores.forEach((score, row) => {
    if (!score) return;
    rows.push(row);
    labelCount += score.predicted.length;
  });
  const count = rows.length;
  const columns = {
    rows: Uint32Array.from(rows),
    predictedStart: new Uint32Array(count + 1),
    predictedLabels: new Uint32Array(labelCount),
    confidence: new Float64Array(count),
    uncertainty: new Float64Array(count),
    score: new Float64Array(count),
    rareClassBoost: new Float64Array(count),
    disagreementBoost: new Float64Array(count),
    exploration: new Uint8Array(count),
    outOfFold: new Uint8Array(count),
    diversityPick: new Uint32Array(count),
  };
  let next = 0;
  rows.forEach((row, k) => {
    const score = rowScores[row] as RowScore;
    columns.predictedStart[k] = next;
    for (const label of score.predicted) columns.predictedLabels[next++] = label;
    columns.confidence[k] = score.confidence;
    columns.uncertainty[k] = score.uncertainty;
    columns.score[k] = score.score;
    columns.rareClassBoost[k] = score.rareClassBoost;
    columns.disagreementBoost[k] = score.disagreementBoost;
    columns.exploration[k] = score.exploration ? 1 : 0;
    columns.outOfFold[k] = score.outOfFold ? 1 : 0;
    columns.diversityPick[k] = score.diversityPick ?? 0;
  });
  columns.predictedStart[count] = next;
  return columns;
}
