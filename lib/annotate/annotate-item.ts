// What the annotate view receives for one item: only what an annotator may see.
import type { SuggestionView } from "./suggestion-view";

export type AnnotateItem = {
  id: number;
  externalId: string;
  text: string;
  metadata: Record<string, unknown>;
  /**
   * Null when the item has none to show; absent when the sender did not look (the undo answer),
   * and the client then asks for it.
   */
  suggestion?: SuggestionView | null;
};

export function visibleMetadata(metadata: Record<string, unknown>, visibleKeys: readonly string[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const key of visibleKeys) if (key in metadata) shown[key] = metadata[key];
  return shown;
}
