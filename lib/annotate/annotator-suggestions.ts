import "server-only";
import type { Db } from "@/db";
import { currentSuggestions } from "@/db/queries/suggestions";
import { projectLabelNames } from "@/db/queries/label-names";
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
  // Suggestions store names as they were made; the annotator is shown (and accepts) today's names.
  const names = records.size > 0 ? await projectLabelNames({ db, projectId: project.id }) : null;
  const views = new Map<number, SuggestionView>();
  for (const [itemId, record] of records) {
    const spans = record.spans && record.spans.map((span) => ({ start: span.start, end: span.end, label: names!.read(span.label) }));
    views.set(itemId, annotatorSuggestion({ ...record, labels: names!.readAll(record.labels), spans }, { projectId: project.id, anchoringShare: settings.anchoringShare }));
  }
  return views;
}
