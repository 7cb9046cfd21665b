import { compareLabels } from "@/lib/aggregate/label-order";
import { leadingLabels, tallyVotes } from "@/lib/aggregate/tally-votes";

export interface SingleLabelAnnotation {
  label: string | null;
  notSure?: boolean;
}

/** An empty `labels` without `notSure` is a vote for "none of the labels apply". */
export interface MultiLabelAnnotation {
  labels: readonly string[];
  notSure?: boolean;
}

export interface ResolutionThresholds {
  /** Votes an item needs before anything but an adjudication resolves it. Default 1. */
  minVotes?: number;
  /** A label wins a majority when strictly more than this share of the votes chose it. Default 0.5. */
  majorityShare?: number;
  /** A Dawid–Skene posterior at or above this resolves the item. Default 0.9. */
  dawidSkenePosterior?: number;
}

/**
 * One item's current annotations (one per annotator, superseded ones already dropped) and what
 * else is known about it. A Dawid–Skene result, when given, takes the place of the majority vote,
 * since it weighs each annotator by how reliable they have been.
 */
export type ResolveItemInput =
  | {
      kind: "single-label";
      annotations: readonly SingleLabelAnnotation[];
      adjudication?: { label: string } | null;
      dawidSkene?: { label: string; posterior: number } | null;
      thresholds?: ResolutionThresholds;
    }
  | {
      kind: "multi-label";
      annotations: readonly MultiLabelAnnotation[];
      adjudication?: { labels: readonly string[] } | null;
      dawidSkene?: { labels: readonly string[]; posterior: number } | null;
      thresholds?: ResolutionThresholds;
    };

export type UnresolvedReason = "no-votes" | "too-few-votes" | "no-majority" | "below-threshold";

interface ResolutionCounts {
  /**
   * Share of votes that match the final label (single-label) or the final label set exactly
   * (multi-label). When unresolved, the share of the most common answer, so the review queue can
   * see how close the item came. Null when nobody voted, and for a single vote, which agrees with
   * no one.
   */
  agreement: number | null;
  votes: number;
  /** Annotations that carried no label (not sure, or skipped) and so did not vote. */
  abstentions: number;
}

export type ItemResolution = ResolutionCounts &
  (
    | {
        /** "single": exactly one vote, so the label rests on one person; "unanimous" needs two or more. */
        method: "adjudicated" | "unanimous" | "single" | "majority" | "dawid-skene";
        /** The final label(s) in label order; one for single-label items, possibly none for multi-label. */
        labels: string[];
      }
    | { method: "unresolved"; labels: []; reason: UnresolvedReason }
  );

const DEFAULT_THRESHOLDS: Required<ResolutionThresholds> = { minVotes: 1, majorityShare: 0.5, dawidSkenePosterior: 0.9 };

/**
 * Precedence: adjudicated > unanimous (two or more votes, all alike) or single (one vote) >
 * majority (or Dawid–Skene above its threshold) > unresolved.
 */
export function resolveItem(input: ResolveItemInput): ItemResolution {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  return input.kind === "single-label"
    ? resolveSingleLabel(input.annotations, input.adjudication, input.dawidSkene, thresholds)
    : resolveMultiLabel(input.annotations, input.adjudication, input.dawidSkene, thresholds);
}

function resolveSingleLabel(
  annotations: readonly SingleLabelAnnotation[],
  adjudication: { label: string } | null | undefined,
  dawidSkene: { label: string; posterior: number } | null | undefined,
  thresholds: Required<ResolutionThresholds>,
): ItemResolution {
  // An annotation without a label (a "not sure" with no guess, or a skip) says nothing about which
  // label is right, so it does not vote; a "not sure" that still names a label votes for it.
  const ballots = annotations.flatMap((annotation) => (annotation.label === null ? [] : [annotation.label]));
  const counts = { votes: ballots.length, abstentions: annotations.length - ballots.length };
  const shareFor = (label: string) => ballots.filter((ballot) => ballot === label).length / ballots.length;
  const agreementWith = (label: string) => (ballots.length === 0 ? null : shareFor(label));

  if (adjudication) {
    return { ...counts, method: "adjudicated", labels: [adjudication.label], agreement: agreementWith(adjudication.label) };
  }

  const tally = tallyVotes(ballots);
  const [leader] = tally;
  if (leader === undefined) return unresolved(counts, "no-votes", null);
  const leaderShare = leader.count / ballots.length;
  if (ballots.length < thresholds.minVotes) return unresolved(counts, "too-few-votes", leaderShare);
  if (ballots.length === 1) return { ...counts, method: "single", labels: [leader.label], agreement: null };
  if (tally.length === 1) return { ...counts, method: "unanimous", labels: [leader.label], agreement: 1 };

  if (dawidSkene) {
    return dawidSkene.posterior >= thresholds.dawidSkenePosterior
      ? { ...counts, method: "dawid-skene", labels: [dawidSkene.label], agreement: shareFor(dawidSkene.label) }
      : unresolved(counts, "below-threshold", leaderShare);
  }
  const isStrictWinner = leadingLabels(tally).length === 1;
  return isStrictWinner && leaderShare > thresholds.majorityShare
    ? { ...counts, method: "majority", labels: [leader.label], agreement: leaderShare }
    : unresolved(counts, "no-majority", leaderShare);
}

function resolveMultiLabel(
  annotations: readonly MultiLabelAnnotation[],
  adjudication: { labels: readonly string[] } | null | undefined,
  dawidSkene: { labels: readonly string[]; posterior: number } | null | undefined,
  thresholds: Required<ResolutionThresholds>,
): ItemResolution {
  // A "not sure" that selected nothing abstains; one that selected labels votes for them. Without
  // the flag an empty selection is a real answer: none of the labels apply.
  const ballots = annotations
    .filter((annotation) => !(annotation.notSure && annotation.labels.length === 0))
    .map((annotation) => canonicalSet(annotation.labels));
  const counts = { votes: ballots.length, abstentions: annotations.length - ballots.length };
  const shareFor = (labels: readonly string[]) => {
    const key = setKey(labels);
    return ballots.filter((ballot) => setKey(ballot) === key).length / ballots.length;
  };

  if (adjudication) {
    const labels = canonicalSet(adjudication.labels);
    return { ...counts, method: "adjudicated", labels, agreement: ballots.length === 0 ? null : shareFor(labels) };
  }

  const setTally = tallyVotes(ballots.map(setKey));
  const [commonest] = setTally;
  if (commonest === undefined) return unresolved(counts, "no-votes", null);
  const commonestShare = commonest.count / ballots.length;
  if (ballots.length < thresholds.minVotes) return unresolved(counts, "too-few-votes", commonestShare);
  if (ballots.length === 1) return { ...counts, method: "single", labels: ballots[0] ?? [], agreement: null };
  if (setTally.length === 1) return { ...counts, method: "unanimous", labels: ballots[0] ?? [], agreement: 1 };

  if (dawidSkene) {
    const labels = canonicalSet(dawidSkene.labels);
    return dawidSkene.posterior >= thresholds.dawidSkenePosterior
      ? { ...counts, method: "dawid-skene", labels, agreement: shareFor(labels) }
      : unresolved(counts, "below-threshold", commonestShare);
  }

  const perLabel = tallyVotes(ballots.flat());
  const labels = canonicalSet(
    perLabel.filter((entry) => entry.count / ballots.length > thresholds.majorityShare).map((entry) => entry.label),
  );
  // No label reaches a majority: that is an agreed "none apply" only if a majority said so.
  if (labels.length === 0 && shareFor([]) <= thresholds.majorityShare) {
    return unresolved(counts, "no-majority", commonestShare);
  }
  return { ...counts, method: "majority", labels, agreement: shareFor(labels) };
}

function unresolved(counts: Omit<ResolutionCounts, "agreement">, reason: UnresolvedReason, agreement: number | null): ItemResolution {
  return { ...counts, method: "unresolved", labels: [], reason, agreement };
}

function canonicalSet(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort(compareLabels);
}

function setKey(canonicalLabels: readonly string[]): string {
  return JSON.stringify(canonicalLabels);
}
