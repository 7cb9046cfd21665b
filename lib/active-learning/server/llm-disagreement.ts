import "server-only";

/**
 * The "model and LLM disagree" boost, the hook the ranking leaves for LLM pre-labelling: an item
 * whose latest usable LLM answer names other labels than the classifier predicts is one where at
 * least one of them is wrong, so a human answer there teaches the model the most. Items without an
 * LLM answer, or without a model prediction, get nothing.
 */
export function llmDisagreementBoost(input: {
  /** Label indices of the latest LLM answer, by row. */
  readonly llmLabels: ReadonlyMap<number, readonly number[]> | undefined;
  /** Label indices the model predicts, by row; null where it makes no prediction. */
  readonly predicted: readonly (readonly number[] | null)[];
  readonly boost: number;
}): ((row: number) => number) | null {
  const { llmLabels, predicted, boost } = input;
  if (!llmLabels || llmLabels.size === 0 || boost === 0) return null;
  return (row) => {
    const llm = llmLabels.get(row);
    if (!llm) return 0;
    const model = predicted[row];
    if (!model) return 0;
    const same = llm.length === model.length && llm.every((label) => model.includes(label));
    return same ? 0 : boost;
  };
}
