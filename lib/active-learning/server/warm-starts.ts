/**
 * Where a retrain's two trainings start from: the models of the one before (warm starts reach the
 * same optimum in a fraction of the iterations). The latest version's model is stored with it, but
 * for hashed features that is megabytes of JSON to read and parse in one piece, so the retrain
 * worker thread (retrain-thread.ts) keeps the model last saved and reads the database only when
 * another process (the CLI) wrote a newer version, or after the worker restarted. The held-out
 * evaluation model and the cross-fitting models (cross-fit.ts) are not stored at all: only the
 * estimate and the scores they give matter. All of them live on the worker thread's globalThis,
 * and go when it ends.
 */
import "server-only";
import type { Db } from "@/db";
import { classifierModel } from "@/db/queries/classifier-versions";
import type { ClassifierModel } from "@/lib/active-learning/classifier-model";
import { deserializeModel } from "@/lib/active-learning/model-serialization";

interface KeptModel {
  readonly features: string;
  readonly model: ClassifierModel | null;
}

const globalForWarmStarts = globalThis as unknown as {
  goldsetVersionModels?: Map<string, KeptModel & { readonly version: number }>;
  goldsetHeldOutModels?: Map<string, KeptModel>;
  goldsetCrossFitModels?: Map<string, { readonly features: string; readonly models: readonly (ClassifierModel | null)[] }>;
};

function versionModels() {
  globalForWarmStarts.goldsetVersionModels ??= new Map();
  return globalForWarmStarts.goldsetVersionModels;
}

function heldOutModels() {
  globalForWarmStarts.goldsetHeldOutModels ??= new Map();
  return globalForWarmStarts.goldsetHeldOutModels;
}

/** The model of the project's latest version (`latestVersion`) when it read the same features. */
export async function versionWarmStart({
  db,
  projectId,
  latestVersion,
  features,
}: {
  db: Db;
  projectId: string;
  latestVersion: number | null;
  features: string;
}): Promise<ClassifierModel | null> {
  if (latestVersion === null) return null;
  const kept = versionModels().get(projectId);
  if (kept?.version === latestVersion) return kept.features === features ? kept.model : null;
  const stored = await classifierModel({ db, projectId, version: latestVersion });
  if (!stored || stored.features !== features || "untrained" in stored.model) return null;
  try {
    return deserializeModel(stored.model);
  } catch {
    // A damaged model only costs the head start; training from zero reaches the same optimum.
    return null;
  }
}

/** Keeps the model just saved as `version` (null when that version has none) for the next retrain. */
export function keepVersionModel(projectId: string, version: number, features: string, model: ClassifierModel | null): void {
  versionModels().set(projectId, { version, features, model });
}

/** The last held-out evaluation model of the project, when it read the same features. */
export function heldOutWarmStart(projectId: string, features: string): ClassifierModel | null {
  const kept = heldOutModels().get(projectId);
  return kept?.features === features ? kept.model : null;
}

export function keepHeldOutModel(projectId: string, features: string, model: ClassifierModel): void {
  heldOutModels().set(projectId, { features, model });
}

function crossFitModels() {
  globalForWarmStarts.goldsetCrossFitModels ??= new Map();
  return globalForWarmStarts.goldsetCrossFitModels;
}

/** The last cross-fitting models of the project, by fold, when they read the same features. */
export function crossFitWarmStarts(projectId: string, features: string): readonly (ClassifierModel | null)[] {
  const kept = crossFitModels().get(projectId);
  return kept?.features === features ? kept.models : [];
}

export function keepCrossFitModels(projectId: string, features: string, models: readonly (ClassifierModel | null)[]): void {
  crossFitModels().set(projectId, { features, models });
}
