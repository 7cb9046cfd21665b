import { encodeAnnotations } from "@/lib/aggregate/encode-annotations";
import { mulberry32Float, seedForKey } from "@/lib/random";
import { leadingLabels, sortTally } from "@/lib/aggregate/tally-votes";
import type { AnnotationRow, LabelCount } from "@/lib/aggregate/types";

/**
 * What to do when two or more labels share the most votes:
 * - `unresolved` (default): give no label, so the item goes to review;
 * - `seeded-random`: pick one of the tied labels with a generator seeded by `seed` and the item id,
 *   reproducible and independent of the other items;
 * - `prior`: pick the tied label with the most votes over the whole data set (the first in label
 *   order if those are equal too).
 */
export type TiePolicy = { policy: "unresolved" } | { policy: "seeded-random"; seed: number } | { policy: "prior" };

export interface MajorityVoteOptions {
  ties?: TiePolicy;
}

interface MajorityVoteTally {
  item: string;
  /** Every label that got a vote, most votes first, equal counts in label order. */
  votes: LabelCount[];
  totalVotes: number;
  /** Vote share of `label`; for a tie left unresolved, the share each tied label holds. */
  confidence: number;
}

export type MajorityVoteItem = MajorityVoteTally &
  (
    | { tie: false; label: string }
    | {
        tie: true;
        /** The labels sharing the most votes, in label order. */
        tiedLabels: string[];
        /** Null when the tie policy is `unresolved`. */
        label: string | null;
        tieBrokenBy: "seeded-random" | "prior" | null;
      }
  );

export interface MajorityVoteResult {
  /** Every label seen, in label order. */
  labels: string[];
  /** One result per item, in order of the item's first row. */
  items: MajorityVoteItem[];
}

/** Plurality vote per item. Every row is one vote, so an annotator who rated an item three times votes three times. */
export function majorityVote(rows: readonly AnnotationRow[], options: MajorityVoteOptions = {}): MajorityVoteResult {
  const ties = options.ties ?? { policy: "unresolved" };
  const encoded = encodeAnnotations(rows);
  const classCount = encoded.classes.length;
  const counts = new Uint32Array(encoded.items.length * classCount);
  const classTotals = new Uint32Array(classCount);
  for (let row = 0; row < rows.length; row++) {
    const classId = encoded.classIndex[row]!;
    counts[encoded.itemIndex[row]! * classCount + classId]! += 1;
    classTotals[classId]! += 1;
  }
  const globalCounts = new Map(encoded.classes.map((label, classId) => [label, classTotals[classId]!]));

  const items = encoded.items.map((item, itemId): MajorityVoteItem => {
    const votes: LabelCount[] = [];
    let totalVotes = 0;
    encoded.classes.forEach((label, classId) => {
      const count = counts[itemId * classCount + classId]!;
      if (count > 0) votes.push({ label, count });
      totalVotes += count;
    });
    sortTally(votes);
    // The tally puts equal counts in label order, so the leaders come out in label order too.
    const tiedLabels = leadingLabels(votes);
    const confidence = (votes[0]?.count ?? 0) / totalVotes;
    const [winner] = tiedLabels;
    if (tiedLabels.length === 1 && winner !== undefined) {
      return { item, votes, totalVotes, confidence, tie: false, label: winner };
    }
    const label = breakTie(tiedLabels, item, ties, globalCounts);
    const tieBrokenBy = ties.policy === "unresolved" ? null : ties.policy;
    return { item, votes, totalVotes, confidence, tie: true, tiedLabels, label, tieBrokenBy };
  });
  return { labels: encoded.classes, items };
}

function breakTie(
  tiedLabels: readonly string[],
  item: string,
  ties: TiePolicy,
  globalCounts: ReadonlyMap<string, number>,
): string | null {
  switch (ties.policy) {
    case "unresolved":
      return null;
    case "seeded-random": {
      const random = mulberry32Float(seedForKey(ties.seed, item));
      return tiedLabels[Math.floor(random() * tiedLabels.length)] ?? null;
    }
    case "prior": {
      // Keeps the earlier label on equal global counts, and the tied labels are in label order.
      return tiedLabels.reduce((best, label) =>
        (globalCounts.get(label) ?? 0) > (globalCounts.get(best) ?? 0) ? label : best,
      );
    }
  }
}
