/**
 * The suggestion an annotator gets with an item; types and formatting only, so the browser can
 * import it. A withheld suggestion (the anchoring control, anchoring.ts) keeps only its id: the
 * client cannot show it, yet the annotation records which suggestion existed and that it was hidden.
 */

export type SuggestionSource = "llm" | "model" | "import";

export interface SuggestionRecord {
  id: number;
  itemId: number;
  sourceKind: SuggestionSource;
  modelName: string;
  modelVersion: string | null;
  promptVersion: number | null;
  labels: string[];
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
