/**
 * The suggestion an annotator gets with an item; types and formatting only, so the browser can
 * import it. A withheld suggestion (the anchoring control, anchoring.ts) keeps only its id: the
 * client cannot show it, yet the annotation records which suggestion existed and that it was hidden.
 */

export type SuggestionSource = "llm" | "model" | "import";

/** A suggested entity of a spans project: code points, end exclusive (docs/decisions/0009). */
export interface SuggestedSpan {
  start: number;
  end: number;
  label: string;
}

export interface SuggestionRecord {
  id: number;
  itemId: number;
  sourceKind: SuggestionSource;
  modelName: string;
  modelVersion: string | null;
  promptVersion: number | null;
  labels: string[];
  /** Spans projects: the entities suggested; null for a classification suggestion. */
  spans: SuggestedSpan[] | null;
  confidence: number | null;
  rationale: string | null;
}

export type ShownSuggestion = {
  withheld: false;
  id: number;
  sourceKind: SuggestionSource;
  model: string;
  modelVersion: string | null;
  promptVersion: number | null;
  labels: string[];
  /** Present for a spans project's suggestion only. */
  spans?: SuggestedSpan[];
  confidence: number | null;
  rationale: string | null;
};

export type SuggestionView = ShownSuggestion | { withheld: true; id: number };

/** "LLM · gpt-4o-mini · prompt v3", "Model · goldset-classifier v2", "Imported · nb 2024-05". */
export function suggestionSourceLine(suggestion: ShownSuggestion): string {
  switch (suggestion.sourceKind) {
    case "llm":
      return ["LLM", suggestion.model, suggestion.promptVersion === null ? null : `prompt v${suggestion.promptVersion}`].filter(Boolean).join(" · ");
    case "model":
      return `Model · ${suggestion.model}${suggestion.modelVersion ? ` ${suggestion.modelVersion}` : ""}`;
    case "import":
      return `Imported · ${suggestion.model}${suggestion.modelVersion ? ` ${suggestion.modelVersion}` : ""}`;
  }
}
