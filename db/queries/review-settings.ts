// The review knobs of a project's workflow settings (lib/projects/workflow-settings.ts): when an
// item goes to review and how contested items are resolved. Other knobs in the JSON are kept.
import { eq } from "drizzle-orm";
import { projects } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { getProjectSettings } from "./ranking-settings";
import { workflowSettings, type WorkflowSettings } from "@/lib/projects/workflow-settings";

export type ReviewSettings = WorkflowSettings["review"];

export function getReviewSettings({ db, projectId }: { db: Executor; projectId: string }): ReviewSettings {
  return workflowSettings(getProjectSettings({ db, projectId })).review;
}

export function saveReviewSettings({
  db,
  projectId,
  actorId,
  changes,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  changes: Partial<ReviewSettings>;
}): ReviewSettings {
  return db.transaction(
    (tx) => {
      const stored = getProjectSettings({ db: tx, projectId });
      const before = getReviewSettings({ db: tx, projectId });
      const storedReview = typeof stored.review === "object" && stored.review !== null ? stored.review : {};
      tx.update(projects)
        .set({ settings: { ...stored, review: { ...storedReview, ...changes } } })
        .where(eq(projects.id, projectId))
        .run();
      recordAudit(tx, { projectId, actorId, action: "project.review_settings", targetType: "project", targetId: projectId, details: { before, changes } });
      return getReviewSettings({ db: tx, projectId });
    },
    { behavior: "immediate" },
  );
}
