// The review knobs of a project's workflow settings (lib/projects/workflow-settings.ts): when an
// item goes to review and how contested items are resolved. Other knobs in the JSON are kept.
import "server-only";
import type { Executor } from "../index";
import { getProjectSettings, saveProjectSettings, withSectionChanges, type SettingsChanges } from "./project-settings";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

export type ReviewSettings = WorkflowSettings["review"];

const reviewView = (settings: WorkflowSettings): ReviewSettings => settings.review;

export async function getReviewSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<ReviewSettings> {
  return reviewView(workflowSettings(await getProjectSettings({ db, projectId })));
}

export async function saveReviewSettings(input: SettingsChanges<ReviewSettings>): Promise<ReviewSettings> {
  return await saveProjectSettings({
    ...input,
    action: "project.review_settings",
    merge: (stored) => withSectionChanges(stored, "review", input.changes),
    view: reviewView,
  });
}
