import "server-only";
import type { Db } from "@/db";
import { currentSuggestions } from "@/db/queries/suggestions";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { annotatorSuggestion } from "./anchoring";
import type { SuggestionView } from "./suggestion-view";

/** The suggestion to send with each item, by the project's suggestion and anchoring settings. */
export async function suggestionsForAnnotator({
  db,
  project,
  itemIds,
}: {
  db: Db;
  project: { id: string; settings: Record<string, unknown> };
  itemIds: number[];
}): Promise<Map<number, SuggestionView>> {
  const settings = workflowSettings(project.settings);
  const records = await currentSuggestions({
    db,
    projectId: project.id,
    itemIds,
    llmSuggestions: settings.llmSuggestions,
    modelSuggestions: settings.modelSuggestions,
  });
  const views = new Map<number, SuggestionView>();
  for (const [itemId, record] of records) views.set(itemId, annotatorSuggestion(record, { projectId: project.id, anchoringShare: settings.anchoringShare }));
  return views;
}
