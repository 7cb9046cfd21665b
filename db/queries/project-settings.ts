// A project's settings JSON holds every section of its workflow settings
// (lib/projects/workflow-settings.ts). Each section's file (ranking-settings, review-settings,
// llm-settings) says which knobs it shows and where its changes land; reading the JSON, checking
// the merged result, writing it and the audit are done here, once.
import "server-only";
import { eq } from "drizzle-orm";
import { projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings, workflowSettingsSchema, type WorkflowSettings } from "@/lib/projects/workflow-settings";

export type StoredSettings = Record<string, unknown>;

/** What a lead's save of one part of the settings carries. */
export type SettingsChanges<View> = { db: Db; projectId: string; actorId: string | null; changes: Partial<View> };

/** The sections of the workflow settings that are objects of knobs. */
type SettingsSection = { [K in keyof WorkflowSettings]: WorkflowSettings[K] extends object ? K : never }[keyof WorkflowSettings];

/** The project's stored settings JSON, unparsed. */
export async function getProjectSettings({ db, projectId }: { db: Executor; projectId: string }): Promise<StoredSettings> {
  const row = (await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).limit(1))[0];
  if (!row) throw new GoldsetError("not_found", `No project ${projectId}.`);
  return row.settings;
}

/** The stored JSON with `changes` merged into one section; the section's other knobs and every other key are kept. */
export function withSectionChanges(stored: StoredSettings, section: SettingsSection, changes: object): StoredSettings {
  const current = stored[section];
  return { ...stored, [section]: { ...(typeof current === "object" && current !== null ? current : {}), ...changes } };
}

/**
 * Saves a lead's changes to the project's settings in one immediate transaction and returns the
 * section's view as it now reads. `merge` builds the new JSON from the stored one. The result must
 * parse as workflow settings: one that does not would read as the defaults for every knob, so it is
 * refused with the fields at fault and nothing is written. The audit gets `action`, the view before
 * and the changes.
 */
export async function saveProjectSettings<View>({
  db,
  projectId,
  actorId,
  changes,
  action,
  merge,
  view,
}: SettingsChanges<View> & {
  action: string;
  merge: (stored: StoredSettings) => StoredSettings;
  view: (settings: WorkflowSettings) => View;
}): Promise<View> {
  return await db.transaction(async (tx) => {
    const stored = await getProjectSettings({ db: tx, projectId });
    const before = view(workflowSettings(stored));
    const next = merge(stored);
    const parsed = workflowSettingsSchema.safeParse(next);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const field = issue.path.join(".") || "settings";
        return { field, message: `${field}: ${issue.message}` };
      });
      throw new GoldsetError("bad_request", `The settings were not saved: ${problems.map((p) => p.message).join("; ")}.`, problems);
    }
    await tx.update(projects).set({ settings: next }).where(eq(projects.id, projectId));
    await recordAudit(tx, { projectId, actorId, action, targetType: "project", targetId: projectId, details: { before, changes } });
    return view(parsed.data);
  });
}
