// The spans of one submission (or one review decision) in a spans project: checked against the
// item's text, the project's entity types and its overlap setting, and compared with the
// suggestion that was on screen. Shared by the annotation and the review writes in db/queries.
import { z } from "zod";
import type { StoredSpan, StoredSpanOutcome, SuggestionAction } from "@/db/schema";
import { GoldsetError, type Problem } from "@/lib/errors";
import { TextOffsets } from "@/lib/spans/offsets";
import { describeSpan, normaliseSpans, spanProblems, spansOverlap, type Span } from "@/lib/spans/span-set";
import { spanSuggestionOutcomes } from "@/lib/spans/span-suggestion-outcome";

/** More spans than any real text holds; a bound so one request cannot make the checks quadratic in the millions. */
export const MAX_SPANS = 2_000;

export const spanInputSchema = z.object({
  start: z.number().int().min(0).describe("first code point of the span"),
  end: z.number().int().min(0).describe("code point after the span's last (end exclusive)"),
  label: z.string().min(1).max(64).describe("the entity type's label name"),
});

export const spanListSchema = z.array(spanInputSchema).max(MAX_SPANS, `at most ${MAX_SPANS} spans`);

export interface SpanCheck {
  text: string;
  entityTypes: readonly string[];
  allowOverlap: boolean;
}

/**
 * The spans sorted and without duplicates, or a 400 naming every span at fault by its place in
 * the request (`spans.N`). Boundaries are not snapped here: snapping to words is the page's job, and
 * a character-level project takes any code point; only an empty, out-of-range, blank or
 * wrongly-typed span, or an overlap the project does not allow, is refused.
 */
export function checkSubmittedSpans(spans: readonly Span[], { text, entityTypes, allowOverlap }: SpanCheck): StoredSpan[] {
  const offsets = new TextOffsets(text);
  const problems: Problem[] = [];
  spans.forEach((span, index) => {
    for (const message of spanProblems(span, { text: offsets, labels: entityTypes })) problems.push({ field: `spans.${index}`, message: `spans.${index}: ${message}` });
  });
  if (problems.length === 0 && !allowOverlap) {
    spans.forEach((span, index) => {
      for (let other = index + 1; other < spans.length; other++) {
        const next = spans[other]!;
        if (spansOverlap(span, next) && !(span.start === next.start && span.end === next.end && span.label === next.label)) {
          problems.push({
            field: `spans.${other}`,
            message: `spans.${other}: span ${describeSpan(next, offsets)} overlaps spans.${index} ${describeSpan(span, offsets)}; overlapping spans are off in this project, so shorten or remove one of them.`,
          });
        }
      }
    });
  }
  if (problems.length > 0) {
    throw new GoldsetError("bad_request", `The spans were not saved: ${problems.map((p) => p.message).join(" ")}`, problems);
  }
  return normaliseSpans(spans);
}

/**
 * Per suggested span what the annotator did with it, and the annotation's overall suggestion
 * action: "accepted" when every suggested span was kept as it was and nothing was added,
 * "rejected" when none was kept in any form and nothing was added (or the annotator rejected it
 * outright), "changed" otherwise. A withheld suggestion still records its correspondence (the
 * annotation's suggestion_shown says it was withheld), which is what measures its quality.
 */
export function spanSubmissionOutcome({
  suggested,
  submitted,
  shown,
  notSure,
  rejectedByAnnotator,
}: {
  suggested: readonly Span[] | null;
  submitted: readonly Span[];
  shown: boolean;
  notSure: boolean;
  rejectedByAnnotator: boolean;
}): { spanOutcomes: StoredSpanOutcome[] | null; action: SuggestionAction } {
  if (suggested === null) return { spanOutcomes: null, action: "none" };
  const { outcomes, added } = spanSuggestionOutcomes({ suggested, submitted, shown: true });
  const spanOutcomes = outcomes.map((o): StoredSpanOutcome => {
    const outcome = o.outcome === "changed" ? "changed" : o.outcome === "accepted" ? "accepted" : "rejected";
    return outcome === "changed" && o.final ? { suggested: o.suggested, outcome, final: o.final } : { suggested: o.suggested, outcome };
  });
  if (!shown) return { spanOutcomes, action: "none" };
  if (notSure && submitted.length === 0) return { spanOutcomes, action: rejectedByAnnotator ? "rejected" : "not_sure" };
  if (added.length === 0 && spanOutcomes.every((o) => o.outcome === "accepted")) return { spanOutcomes, action: rejectedByAnnotator ? "rejected" : "accepted" };
  if (rejectedByAnnotator || (added.length === 0 && spanOutcomes.every((o) => o.outcome === "rejected"))) return { spanOutcomes, action: "rejected" };
  return { spanOutcomes, action: "changed" };
}
