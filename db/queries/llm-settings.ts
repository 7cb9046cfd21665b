// The suggestion knobs of a project's workflow settings (lib/projects/workflow-settings.ts): which
// suggestions annotators see, and the share withheld for the anchoring control. They sit at the top
// level of the JSON; other knobs in it are kept as they are.
import "server-only";
import type { Executor } from "../index";
import { getProjectSettings, saveProjectSettings, type SettingsChanges } from "./project-settings";
import type { SuggestionSettingsView } from "@/lib/llm/llm-views";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

const suggestionView = ({ llmSuggestions, modelSuggestions, anchoringShare }: WorkflowSettings): SuggestionSettingsView => ({
  llmSuggestions,
  modelSuggestions,
  anchoringShare,
});

export async function getSuggestionSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<SuggestionSettingsView> {
  return suggestionView(workflowSettings(await getProjectSettings({ db, projectId })));
}

export async function saveSuggestionSettings(input: SettingsChanges<SuggestionSettingsView>): Promise<SuggestionSettingsView> {
  return await saveProjectSettings({
    ...input,
    action: "project.suggestion_settings",
    merge: (stored) => ({ ...stored, ...input.changes }),
    view: suggestionView,
  });
}
