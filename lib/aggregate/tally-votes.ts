import { compareLabels } from "@/lib/aggregate/label-order";
import type { LabelCount } from "@/lib/aggregate/types";

/** Counts the votes per label, most votes first and equal counts in label order. */
export function tallyVotes(labels: Iterable<string>): LabelCount[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return sortTally([...counts].map(([label, count]) => ({ label, count })));
}

export function sortTally(tally: LabelCount[]): LabelCount[] {
  return tally.sort((a, b) => b.count - a.count || compareLabels(a.label, b.label));
}

/** The labels sharing the highest count of a sorted tally; more than one means a tie. */
export function leadingLabels(sortedTally: readonly LabelCount[]): string[] {
  const top = sortedTally[0]?.count ?? 0;
  return sortedTally.filter((entry) => entry.count === top && top > 0).map((entry) => entry.label);
}
