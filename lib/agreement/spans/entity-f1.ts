import { overlapLength, type Span } from "@/lib/spans/span-set";

/**
 * Entity F1 between two annotators' spans, the usual span agreement figure (Hripcsak &
 * Rothschild 2005: with no reference side, F1 = 2·matches / (|A| + |B|), which is symmetric and
 * equals the F1 of either annotator scored against the other).
 *
 * - exact: a match is a span with the same start, end and type on both sides;
 * - partial: a match is a pair of spans of the same type that overlap (share at least one code
 *   point). Each span is matched at most once; pairs are taken greedily by overlap size, largest
 *   first, ties by position (A's start, then B's start), so the count does not depend on input order.
 *   Greedy is not always the maximum matching, but it is predictable and what a reviewer would do
 *   by eye; on flat (non-overlapping) span sets it rarely differs.
 */

export type SpanMatchMode = "exact" | "partial";

export function countMatches(first: readonly Span[], second: readonly Span[], mode: SpanMatchMode): number {
  if (mode === "exact") {
    const keys = new Set(first.map((span) => `${span.start}:${span.end}:${span.label}`));
    const seen = new Set<string>();
    let matches = 0;
    for (const span of second) {
      const key = `${span.start}:${span.end}:${span.label}`;
      if (keys.has(key) && !seen.has(key)) {
        seen.add(key);
        matches++;
      }
    }
    return matches;
  }
  const candidates: { a: number; b: number; overlap: number }[] = [];
  first.forEach((a, i) => {
    second.forEach((b, j) => {
      const overlap = a.label === b.label ? overlapLength(a, b) : 0;
      if (overlap > 0) candidates.push({ a: i, b: j, overlap });
    });
  });
  candidates.sort((x, y) => y.overlap - x.overlap || first[x.a]!.start - first[y.a]!.start || second[x.b]!.start - second[y.b]!.start || x.a - y.a || x.b - y.b);
  const usedFirst = new Set<number>();
  const usedSecond = new Set<number>();
  for (const { a, b } of candidates) {
    if (usedFirst.has(a) || usedSecond.has(b)) continue;
    usedFirst.add(a);
    usedSecond.add(b);
  }
  return usedFirst.size;
}

/** Matches and span counts of two annotators on the items they share, to be summed before F1. */
export interface MatchTally {
  matches: number;
  firstSpans: number;
  secondSpans: number;
}

export function emptyTally(): MatchTally {
  return { matches: 0, firstSpans: 0, secondSpans: 0 };
}

export function addToTally(tally: MatchTally, first: readonly Span[], second: readonly Span[], mode: SpanMatchMode, weight = 1): void {
  tally.matches += weight * countMatches(first, second, mode);
  tally.firstSpans += weight * first.length;
  tally.secondSpans += weight * second.length;
}

/** F1 = 2·matches / (|A| + |B|); null with a reason when neither side marked a span. */
export function f1OfTally(tally: MatchTally): { value: number } | { value: null; reason: string } {
  const spans = tally.firstSpans + tally.secondSpans;
  if (spans === 0) return { value: null, reason: "neither annotator marked a span on the items they share" };
  return { value: (2 * tally.matches) / spans };
}
