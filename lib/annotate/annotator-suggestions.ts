import "server-only";
import type { Db } from "@/db";
import type { TaskType } from "@/db/schema";
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
  project: { id: string; taskType: TaskType; settings: Record<string, unknown> };
  itemIds: number[];
}): Promise<Map<number, SuggestionView>> {
  const settings = workflowSettings(project.settings);
  const records = await currentSuggestions({
    db,
    projectId: project.id,
    itemIds,
    llmSuggestions: settings.llmSuggestions,
    // A spans project's item_scores hold its tagger's uncertainty, not spans to suggest.
    modelSuggestions: settings.modelSuggestions && project.taskType !== "spans",
  });
  // Suggestions store names as they were made; the annotator is shown (and accepts) today's names.
  const names = records.size > 0 ? await projectLabelNames({ db, projectId: project.id }) : null;
  const views = new Map<number, SuggestionView>();
  for (const [itemId, record] of records) {
    // A spans project shows only suggestions of spans: a classifier's or an item-label answer
    // would read on its page as a suggestion of no entities at all.
    if (project.taskType === "spans" && record.spans === null) continue;
    const spans = record.spans && record.spans.map((span) => ({ start: span.start, end: span.end, label: names!.read(span.label) }));
    views.set(itemId, annotatorSuggestion({ ...record, labels: names!.readAll(record.labels), spans }, { projectId: project.id, anchoringShare: settings.anchoringShare }));
  }
  return views;
}
