/**
 * Quality figures for a classifier on held-out items, with scikit-learn's conventions so numbers
 * can be compared: a precision or recall whose denominator is 0 counts as 0, and macro-F1
 * averages over the classes that occur in the gold labels or the predictions.
 */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold items of this class. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: readonly ClassScores[];
  /** confusion[gold][predicted] = count. */
  readonly confusion: readonly (readonly number[])[];
}

export function classificationReport(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): ClassificationReport {
  if (gold.length !== predicted.length) {
    throw new RangeError(`evaluation: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as number;
    const p = predicted[i] as number;
    const row = confusion[g];
    if (row === undefined || p < 0 || p >= numClasses) {
      throw new RangeError(`evaluation: item ${i} has gold ${g} / predicted ${p}, expected 0..${numClasses - 1}`);
    }
    row[p] = (row[p] as number) + 1;
    if (g === p) correct++;
  }

  const perClass: ClassScores[] = [];
  let f1Sum = 0;
  let classesSeen = 0;
  for (let c = 0; c < numClasses; c++) {
    const truePositives = confusion[c]?.[c] ?? 0;
    let support = 0;
    let predictedCount = 0;
    for (let k = 0; k < numClasses; k++) {
      support += confusion[c]?.[k] ?? 0;
      predictedCount += confusion[k]?.[c] ?? 0;
    }
    const precision = predictedCount > 0 ? truePositives / predictedCount : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      classesSeen++;
    }
  }
  return {
    accuracy: gold.length > 0 ? correct / gold.length : 0,
    macroF1: classesSeen > 0 ? f1Sum / classesSeen : 0,
    perClass,
    confusion,
  };
}

/** The most probable class of each row of a rows x numClasses probability array (first on ties). */
export function argmaxRows(probabilities: ArrayLike<number>, numClasses: number): Int32Array {
  const rows = probabilities.length / numClasses;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      if ((probabilities[i * numClasses + c] as number) > (probabilities[i * numClasses + best] as number)) best = c;
    }
    out[i] = best;
  }
  return out;
}

/**
 * Expected calibration error (Guo et al. 2017) of single-label predictions: confidence = max p,
 * bins of equal width over [0, 1] (bin b holds confidences in (b/B, (b+1)/B], the first also
 * holds 0), and ECE = sum over bins of (items in bin / all items) * |accuracy - mean confidence|.
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  numClasses: number,
  gold: ArrayLike<number>,
  bins = 10,
): number {
  const rows = probabilities.length / numClasses;
  if (rows !== gold.length) throw new RangeError(`evaluation: ${rows} probability rows but ${gold.length} gold labels`);
  const predicted = argmaxRows(probabilities, numClasses);
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (let i = 0; i < rows; i++) {
    const label = predicted[i] as number;
    const confidence = probabilities[i * numClasses + label] as number;
    let bin = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
    // confidence * bins can round up past an edge (0.3 * 10 = 3.0000000000000004): compare with the edge itself.
    if (bin > 0 && confidence <= bin / bins) bin--;
    count[bin] = (count[bin] as number) + 1;
    confidenceSum[bin] = (confidenceSum[bin] as number) + confidence;
    if (label === gold[i]) correctSum[bin] = (correctSum[bin] as number) + 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0) ece += (n / rows) * Math.abs((correctSum[b] as number) / n - (confidenceSum[b] as number) / n);
  }
  return rows > 0 ? ece : 0;
}
