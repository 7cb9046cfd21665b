// The gold-check knobs of a project's workflow settings (lib/projects/workflow-settings.ts): how
// often gold items come in the queue, and the accuracy threshold that flags or pauses an annotator.
// Other knobs in the JSON are kept.
import "server-only";
import type { Executor } from "../index";
import { getProjectSettings, saveProjectSettings, withSectionChanges, type SettingsChanges } from "./project-settings";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

export type GoldSettings = WorkflowSettings["gold"];

const goldView = (settings: WorkflowSettings): GoldSettings => settings.gold;

export async function getGoldSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<GoldSettings> {
  return goldView(workflowSettings(await getProjectSettings({ db, projectId })));
}

export async function saveGoldSettings(input: SettingsChanges<GoldSettings>): Promise<GoldSettings> {
  return await saveProjectSettings({
    ...input,
    action: "project.gold_settings",
    merge: (stored) => withSectionChanges(stored, "gold", input.changes),
    view: goldView,
  });
}
