import { compareSpans, normaliseSpans, spansOverlap, type Span } from "./span-set";

/**
 * How an item's spans resolve from its annotators' spans. A span (start, end and type all equal)
 * that more than `majorityShare` of the item's annotators marked is accepted; the item resolves
 * when no span that anyone marked lacks that majority. Otherwise the item goes to review with the accepted spans
 * and the disputed ones (with their votes), so a reviewer starts from what the team agreed on.
 * Annotators who marked nothing vote for "no span here": three annotators with no spans resolve
 * to an empty set, and one span by one of three is disputed.
 *
 * Dawid–Skene does not apply to spans: it estimates each annotator's confusion between a fixed set
 * of classes for a fixed set of items, while span sets differ in their very units (boundaries are
 * not classes, and an annotator's "missing" span has no counterpart to be confused with). Span
 * items resolve by this majority rule and by review.
 */

export interface SpanResolutionRule {
  /** Annotations an item needs before it can resolve; default 2. */
  minAnnotators?: number;
  /** A span is accepted when strictly more than this share of annotators marked it; default 0.5. */
  majorityShare?: number;
}

export interface VotedSpan {
  span: Span;
  votes: number;
}

export type SpanResolution =
  | { status: "resolved"; spans: Span[]; annotators: number }
  | {
      status: "review";
      reason: "too-few-annotations" | "no-majority" | "accepted-spans-overlap";
      accepted: Span[];
      disputed: VotedSpan[];
      annotators: number;
    };

export function resolveSpans(annotations: readonly (readonly Span[])[], rule: SpanResolutionRule = {}): SpanResolution {
  const minAnnotators = rule.minAnnotators ?? 2;
  const majorityShare = rule.majorityShare ?? 0.5;
  const annotators = annotations.length;
  const votes = new Map<string, VotedSpan>();
  for (const spans of annotations) {
    // normaliseSpans drops an annotator's duplicates, so nobody votes twice for one span.
    for (const span of normaliseSpans(spans)) {
      const key = `${span.start}:${span.end}:${span.label}`;
      const entry = votes.get(key) ?? { span, votes: 0 };
      entry.votes++;
      votes.set(key, entry);
    }
  }
  const voted = [...votes.values()].sort((a, b) => compareSpans(a.span, b.span));
  const accepted = voted.filter((entry) => entry.votes > majorityShare * annotators).map((entry) => entry.span);
  const disputed = voted.filter((entry) => !(entry.votes > majorityShare * annotators));
  if (annotators < minAnnotators) return { status: "review", reason: "too-few-annotations", accepted, disputed, annotators };
  if (disputed.length > 0) return { status: "review", reason: "no-majority", accepted, disputed, annotators };
  // A share below one half lets two overlapping spans both win; the annotators' own overlap rule
  // cannot be checked here, so a reviewer decides.
  if (accepted.some((span, index) => accepted.slice(index + 1).some((other) => spansOverlap(span, other)))) {
    return { status: "review", reason: "accepted-spans-overlap", accepted, disputed, annotators };
  }
  return { status: "resolved", spans: accepted, annotators };
}
