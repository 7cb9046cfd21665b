// The span knobs of a project's workflow settings (lib/projects/workflow-settings.ts): word or
// character marking, overlap, and the majority a span needs. Other knobs in the JSON are kept.
import "server-only";
import type { Executor } from "../index";
import { getProjectSettings, saveProjectSettings, withSectionChanges, type SettingsChanges } from "./project-settings";
import { workflowSettings, type SpanSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

const spanView = (settings: WorkflowSettings): SpanSettings => settings.spans;

export async function getSpanSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<SpanSettings> {
  return spanView(workflowSettings(await getProjectSettings({ db, projectId })));
}

export async function saveSpanSettings(input: SettingsChanges<SpanSettings>): Promise<SpanSettings> {
  return await saveProjectSettings({
    ...input,
    action: "project.span_settings",
    merge: (stored) => withSectionChanges(stored, "spans", input.changes),
    view: spanView,
  });
}
