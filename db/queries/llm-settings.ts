// The suggestion knobs of a project's workflow settings (lib/projects/workflow-settings.ts): which
// suggestions annotators see, and the share withheld for the anchoring control. Other knobs in the
// same JSON are kept as they are.
import { eq } from "drizzle-orm";
import { projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import type { SuggestionSettingsView } from "@/lib/llm/llm-views";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export function getSuggestionSettings({ db, projectId }: { db: Executor; projectId: string }): SuggestionSettingsView {
  const row = db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).get();
  if (!row) throw new GoldsetError("not_found", `No project ${projectId}.`);
  const { llmSuggestions, modelSuggestions, anchoringShare } = workflowSettings(row.settings);
  return { llmSuggestions, modelSuggestions, anchoringShare };
}

export function saveSuggestionSettings({
  db,
  projectId,
  actorId,
  changes,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  changes: Partial<SuggestionSettingsView>;
}): SuggestionSettingsView {
  return db.transaction(
    (tx) => {
      const row = tx.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).get();
      if (!row) throw new GoldsetError("not_found", `No project ${projectId}.`);
      const before = getSuggestionSettings({ db: tx, projectId });
      tx.update(projects)
        .set({ settings: { ...row.settings, ...changes } })
        .where(eq(projects.id, projectId))
        .run();
      recordAudit(tx, { projectId, actorId, action: "project.suggestion_settings", targetType: "project", targetId: projectId, details: { before, changes } });
      return getSuggestionSettings({ db: tx, projectId });
    },
    { behavior: "immediate" },
  );
}
