/**
 * Per-class weights that make each class count as much as the others in the training loss:
 * scikit-learn's "balanced" rule, weight_c = n / (k * n_c), where k counts the classes that have
 * at least one example. Classes without examples get weight 0 (they contribute no terms anyway).
 * The weights are chosen so that the total weight stays n.
 */
export function balancedClassWeights(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  let present = 0;
  for (let c = 0; c < counts.length; c++) {
    total += counts[c] as number;
    if ((counts[c] as number) > 0) present++;
  }
  const weights = new Float64Array(counts.length);
  for (let c = 0; c < counts.length; c++) {
    const count = counts[c] as number;
    weights[c] = count > 0 ? total / (present * count) : 0;
  }
  return weights;
}
