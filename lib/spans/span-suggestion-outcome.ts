import { compareSpans, normaliseSpans, overlapLength, sameSpan, type Span } from "./span-set";

/**
 * What the annotator did with each suggested span, derived from the suggested and the submitted
 * spans (never from the client's word), the span counterpart of lib/annotate/suggestion-action.ts.
 *
 * - accepted: the same span (boundaries and type) was submitted;
 * - changed: a submitted span took its place with other boundaries (`boundary`), another type
 *   (`type`) or both (`boundary_and_type`); for a boundary change the two must overlap;
 * - rejected: nothing submitted corresponds to it;
 * - withheld: the suggestion was not shown (the project hides suggestions from some annotators or
 *   items to measure anchoring), so nothing the annotator did is a response to it. Its
 *   correspondence is still worked out (`final`), which is what measures the suggestions' quality.
 *
 * Each submitted span answers at most one suggestion. Matching goes from the strictest relation to
 * the loosest (identical, same boundaries, overlapping with the same type, overlapping), and within
 * a relation the larger overlap first, ties by position, so the result does not depend on the order
 * of the inputs. Submitted spans that answer no suggestion are returned as `added`.
 */

export type SpanChange = "boundary" | "type" | "boundary_and_type";

export interface SpanSuggestionOutcome {
  suggested: Span;
  shown: boolean;
  outcome: "accepted" | "changed" | "rejected" | "withheld";
  change: SpanChange | null;
  /** The submitted span that corresponds to the suggestion, if any. */
  final: Span | null;
}

type Relation = (suggested: Span, submitted: Span) => boolean;

const RELATIONS: readonly Relation[] = [
  sameSpan,
  (a, b) => a.start === b.start && a.end === b.end,
  (a, b) => a.label === b.label && overlapLength(a, b) > 0,
  (a, b) => overlapLength(a, b) > 0,
];

export function spanSuggestionOutcomes({
  suggested,
  submitted,
  shown,
}: {
  suggested: readonly Span[];
  submitted: readonly Span[];
  shown: boolean;
}): { outcomes: SpanSuggestionOutcome[]; added: Span[] } {
  const suggestions = normaliseSpans(suggested);
  const finals = normaliseSpans(submitted);
  const matchOf = new Array<number>(suggestions.length).fill(-1);
  const used = new Array<boolean>(finals.length).fill(false);
  for (const related of RELATIONS) {
    const candidates: { s: number; f: number; overlap: number }[] = [];
    suggestions.forEach((suggestion, s) => {
      if (matchOf[s] !== -1) return;
      finals.forEach((final, f) => {
        if (!used[f] && related(suggestion, final)) candidates.push({ s, f, overlap: overlapLength(suggestion, final) });
      });
    });
    candidates.sort((a, b) => b.overlap - a.overlap || a.s - b.s || a.f - b.f);
    for (const { s, f } of candidates) {
      if (matchOf[s] !== -1 || used[f]) continue;
      matchOf[s] = f;
      used[f] = true;
    }
  }
  const outcomes = suggestions.map((suggestion, s): SpanSuggestionOutcome => {
    const final = matchOf[s] === -1 ? null : finals[matchOf[s]!]!;
    const change = final === null ? null : changeBetween(suggestion, final);
    const outcome = !shown ? "withheld" : final === null ? "rejected" : change === null ? "accepted" : "changed";
    return { suggested: suggestion, shown, outcome, change, final };
  });
  return { outcomes, added: finals.filter((_, f) => !used[f]).sort(compareSpans) };
}

function changeBetween(suggested: Span, final: Span): SpanChange | null {
  const boundary = suggested.start !== final.start || suggested.end !== final.end;
  const type = suggested.label !== final.label;
  return boundary && type ? "boundary_and_type" : boundary ? "boundary" : type ? "type" : null;
}
