// What a submission says about the item's suggestion. The server derives accepted, changed or
// rejected from the labels (lib/annotate/suggestion-action.ts); the client only reports which
// suggestion existed, whether it was on screen, and an explicit rejection.
import type { SuggestionView } from "@/lib/annotate/suggestion-view";

export type SuggestionFields = { suggestionId?: number; suggestionShown?: boolean; rejectedSuggestion?: boolean };

export function suggestionFields(suggestion: SuggestionView | null | undefined, rejected: boolean): SuggestionFields {
  if (!suggestion) return {};
  if (suggestion.withheld) return { suggestionId: suggestion.id, suggestionShown: false };
  return { suggestionId: suggestion.id, suggestionShown: true, rejectedSuggestion: rejected };
}
