// The project classifier's versions: one row per retrain, with what it was trained on, how it
// scored on held-out items, and the model itself. Written by saveRankingSteps (ranking-write.ts).
// Readers see the live version and the ones before it, never one a retrain is still writing.
import "server-only";
import { and, asc, desc, eq, lte, type SQL } from "drizzle-orm";
import { classifierModelParts, classifierVersions } from "../schema";
import type { Executor } from "../index";
import { liveClassifierVersion } from "./live-ranking";
import type { ModelInParts } from "./ranking-write";
import type { StoredClassifierModel } from "@/lib/active-learning/model-serialization";

function publishedVersions(projectId: string): SQL | undefined {
  return and(eq(classifierVersions.projectId, projectId), lte(classifierVersions.version, liveClassifierVersion(projectId)));
}

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

/** The live version: the latest one whose write finished. */
export async function latestClassifierVersion({ db, projectId }: { db: Executor; projectId: string }): Promise<ClassifierVersionSummary | undefined> {
  return (await db.select(summaryColumns).from(classifierVersions).where(publishedVersions(projectId)).orderBy(desc(classifierVersions.version)).limit(1))[0];
}

/** Newest first, without the model weights. */
export async function listClassifierVersions({
  db,
  projectId,
  limit = 20,
}: {
  db: Executor;
  projectId: string;
  limit?: number;
}): Promise<ClassifierVersionSummary[]> {
  return await db.select(summaryColumns).from(classifierVersions).where(publishedVersions(projectId)).orderBy(desc(classifierVersions.version)).limit(limit);
}

/** The stored model (serialised weights) of one version, or of the live one when `version` is omitted. */
export async function classifierModel({
  db,
  projectId,
  version,
}: {
  db: Executor;
  projectId: string;
  version?: number;
}): Promise<{ version: number; features: string; model: StoredClassifierModel } | undefined> {
  const row = (
    await db
      .select({ version: classifierVersions.version, features: classifierVersions.features, model: classifierVersions.model })
      .from(classifierVersions)
      .where(and(publishedVersions(projectId), version === undefined ? undefined : eq(classifierVersions.version, version)))
      .orderBy(desc(classifierVersions.version))
      .limit(1)
  )[0];
  if (!row) return undefined;
  const stored = row.model as StoredClassifierModel | ModelInParts;
  if (!("parts" in stored)) return row;
  // A long model was written in slices (ranking-write.ts): join them back in order.
  const parts = await db
    .select({ text: classifierModelParts.text })
    .from(classifierModelParts)
    .where(and(eq(classifierModelParts.projectId, projectId), eq(classifierModelParts.version, row.version)))
    .orderBy(asc(classifierModelParts.part));
  if (parts.length !== stored.parts) throw new Error(`Classifier version ${row.version} of project ${projectId} is stored in ${stored.parts} parts, but ${parts.length} were found.`);
  return { ...row, model: JSON.parse(parts.map((part) => part.text).join("")) as StoredClassifierModel };
}
