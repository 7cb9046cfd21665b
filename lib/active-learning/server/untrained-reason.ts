import "server-only";

/** Why a classifier cannot be trained on examples with these label counts, or null when it can. */
export function untrainedReason(labelCounts: readonly number[], examples: number, multiLabel: boolean): string | null {
  if (examples === 0) return "no item has a settled label yet";
  if (!multiLabel) {
    const present = labelCounts.filter((n) => n > 0).length;
    return present < 2 ? "only one label has examples so far; a classifier needs examples of at least two" : null;
  }
  return labelCounts.some((n) => n > 0 && n < examples) ? null : "no label is both present and absent among the settled items yet";
}

/** How many examples carry each label (an example counts once per label). */
export function countExampleLabels(examples: readonly { readonly labels: readonly number[] }[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const example of examples) for (const label of new Set(example.labels)) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
