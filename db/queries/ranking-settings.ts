// The ranking knobs of a project's workflow settings (lib/projects/workflow-settings.ts) and its
// encoder model, as a lead edits them. Other knobs in the same JSON are kept as they are.
import "server-only";
import type { Executor } from "../index";
import { getProjectSettings, saveProjectSettings, withSectionChanges, type SettingsChanges } from "./project-settings";
import type { RankingSettingsView } from "@/lib/active-learning/server/model-views";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

// Still imported from here by lib/active-learning/server/retrain-due.ts.
export { getProjectSettings };

const rankingView = (settings: WorkflowSettings): RankingSettingsView => ({ ...settings.ranking, encoderModel: settings.encoderModel });

export async function getRankingSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<RankingSettingsView> {
  return rankingView(workflowSettings(await getProjectSettings({ db, projectId })));
}

export async function saveRankingSettings(input: SettingsChanges<RankingSettingsView>): Promise<RankingSettingsView> {
  const { encoderModel, ...ranking } = input.changes;
  return await saveProjectSettings({
    ...input,
    action: "project.ranking_settings",
    // The encoder model sits at the top level of the JSON, beside the ranking section.
    merge: (stored) => ({ ...withSectionChanges(stored, "ranking", ranking), ...(encoderModel === undefined ? {} : { encoderModel }) }),
    view: rankingView,
  });
}
