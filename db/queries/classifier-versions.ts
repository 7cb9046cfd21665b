// The project classifier's versions: one row per retrain, with what it was trained on, how it
// scored on held-out items, and the model itself. Written by saveRanking (ranking.ts).
import { and, desc, eq } from "drizzle-orm";
import { classifierVersions } from "../schema";
import type { Executor } from "../index";

export type ClassifierVersionSummary = {
  version: number;
  features: string;
  strategy: string;
  trainedOn: number;
  metrics: Record<string, unknown>;
  createdAt: Date;
};

const summaryColumns = {
  version: classifierVersions.version,
  features: classifierVersions.features,
  strategy: classifierVersions.strategy,
  trainedOn: classifierVersions.trainedOn,
  metrics: classifierVersions.metrics,
  createdAt: classifierVersions.createdAt,
};

export function latestClassifierVersion({ db, projectId }: { db: Executor; projectId: string }): ClassifierVersionSummary | undefined {
  return db
    .select(summaryColumns)
    .from(classifierVersions)
    .where(eq(classifierVersions.projectId, projectId))
    .orderBy(desc(classifierVersions.version))
    .limit(1)
    .get();
}

/** Newest first, without the model weights. */
export function listClassifierVersions({ db, projectId, limit = 20 }: { db: Executor; projectId: string; limit?: number }): ClassifierVersionSummary[] {
  return db
    .select(summaryColumns)
    .from(classifierVersions)
    .where(eq(classifierVersions.projectId, projectId))
    .orderBy(desc(classifierVersions.version))
    .limit(limit)
    .all();
}

/** The stored model (serialised weights) of one version, or of the latest when `version` is omitted. */
export function classifierModel({
  db,
  projectId,
  version,
}: {
  db: Executor;
  projectId: string;
  version?: number;
}): { version: number; features: string; model: Record<string, unknown> } | undefined {
  return db
    .select({ version: classifierVersions.version, features: classifierVersions.features, model: classifierVersions.model })
    .from(classifierVersions)
    .where(and(eq(classifierVersions.projectId, projectId), version === undefined ? undefined : eq(classifierVersions.version, version)))
    .orderBy(desc(classifierVersions.version))
    .limit(1)
    .get();
}
