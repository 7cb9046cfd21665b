// What the annotator did with the suggestion on screen. The server derives it from the labels
// submitted rather than trusting the client's word, except for an explicit rejection, which
// only the annotator can express. "Not sure" with no label neither takes nor refuses the
// suggestion, so it is recorded as such and left out of acceptance rates.
import type { SuggestionAction } from "@/db/schema";

export function sameLabelSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

export function deriveSuggestionAction({
  shown,
  suggested,
  submitted,
  notSure,
  rejectedByAnnotator,
}: {
  shown: boolean;
  suggested: readonly string[] | null;
  submitted: readonly string[];
  notSure: boolean;
  rejectedByAnnotator: boolean;
}): SuggestionAction {
  if (!shown || suggested === null) return "none";
  // An explicit rejection is the annotator's own word and stands even when they then answer "not
  // sure" without a label; only an unsure answer with no rejection neither takes nor refuses.
  if (notSure && submitted.length === 0) return rejectedByAnnotator ? "rejected" : "not_sure";
  if (sameLabelSet(suggested, submitted)) return "accepted";
  if (rejectedByAnnotator || submitted.length === 0) return "rejected";
  return "changed";
}
