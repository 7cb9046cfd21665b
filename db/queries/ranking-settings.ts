// The ranking knobs of a project's workflow settings (lib/projects/workflow-settings.ts) and its
// encoder model, as a lead edits them. Other knobs in the same JSON are kept as they are.
import { eq } from "drizzle-orm";
import { projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import type { RankingSettingsView } from "@/lib/active-learning-service/model-views";
import { workflowSettings } from "@/lib/projects/workflow-settings";

/** The project's stored settings JSON, unparsed. */
export function getProjectSettings({ db, projectId }: { db: Executor; projectId: string }): Record<string, unknown> {
  const row = db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).get();
  if (!row) throw new GoldsetError("not_found", `No project ${projectId}.`);
  return row.settings;
}

export function getRankingSettings({ db, projectId }: { db: Executor; projectId: string }): RankingSettingsView {
  const settings = workflowSettings(getProjectSettings({ db, projectId }));
  return { ...settings.ranking, encoderModel: settings.encoderModel };
}

export function saveRankingSettings({
  db,
  projectId,
  actorId,
  changes,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  changes: Partial<RankingSettingsView>;
}): RankingSettingsView {
  return db.transaction(
    (tx) => {
      const stored = getProjectSettings({ db: tx, projectId });
      const before = getRankingSettings({ db: tx, projectId });
      const { encoderModel, ...ranking } = changes;
      const storedRanking = typeof stored.ranking === "object" && stored.ranking !== null ? stored.ranking : {};
      const next = {
        ...stored,
        ranking: { ...storedRanking, ...ranking },
        ...(encoderModel === undefined ? {} : { encoderModel }),
      };
      tx.update(projects).set({ settings: next }).where(eq(projects.id, projectId)).run();
      recordAudit(tx, { projectId, actorId, action: "project.ranking_settings", targetType: "project", targetId: projectId, details: { before, changes } });
      return getRankingSettings({ db: tx, projectId });
    },
    { behavior: "immediate" },
  );
}
