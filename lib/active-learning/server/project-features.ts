/**
 * Which features the project classifier reads. Sentence embeddings from the project's encoder
 * when every item has one (a linear model cannot score an item it has no vector for, and mixing
 * two feature spaces in one queue would rank apples against pears); otherwise the weight-free
 * hashed word and character n-grams, which every item always has.
 */
import "server-only";
import type { Db } from "@/db";
import { embeddingCoverage, projectEmbeddings, type StoredEmbedding } from "@/db/queries/embeddings";
import { itemTexts } from "@/db/queries/ranking";
import { decodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { denseFeatureMatrix, sparseFeatureMatrix, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { hashedFeatureDimension } from "@/lib/active-learning/hashed-features";
import type { EventLoopSlices } from "./event-loop-slices";
import { hashedFeaturesFor, uncachedItems } from "./hashed-feature-cache";

export const HASHED_FEATURES = "hashed-ngrams";

export function embeddingFeatures(modelId: string): string {
  return `embeddings:${modelId}`;
}

export interface ProjectFeatures {
  /** What the classifier version records: HASHED_FEATURES or embeddingFeatures(modelId). */
  readonly key: string;
  readonly matrix: FeatureMatrix;
  /** One sentence for the lead: what the features are and, for the fallback, why. */
  readonly description: string;
}

/** Texts read per query while hashing: one short read between pauses. */
const TEXTS_PER_READ = 500;
/** Embeddings read and decoded per query (384 bytes each for MiniLM in int8). */
const EMBEDDINGS_PER_READ = 1_000;

export async function projectFeatures({
  db,
  projectId,
  itemIds,
  encoderModel,
  slices,
}: {
  db: Db;
  projectId: string;
  /** The project's items in the order the rows must have. */
  itemIds: readonly number[];
  encoderModel: string;
  /** Where the reading and hashing let other requests run. */
  slices: EventLoopSlices;
}): Promise<ProjectFeatures> {
  const coverage = await embeddingCoverage({ db, projectId, modelId: encoderModel });
  if (itemIds.length > 0 && coverage.embedded >= itemIds.length) {
    const dense = await denseEmbeddings(db, projectId, encoderModel, itemIds, slices);
    if ("matrix" in dense) {
      return {
        key: embeddingFeatures(encoderModel),
        matrix: dense.matrix,
        description: `sentence embeddings from ${encoderModel} (${itemIds.length} of ${itemIds.length} items embedded)`,
      };
    }
    return hashed(db, projectId, itemIds, dense.problem, slices);
  }
  const why =
    coverage.embedded === 0
      ? `no item is embedded with ${encoderModel} yet`
      : `${coverage.embedded} of ${coverage.items} items are embedded with ${encoderModel}; embeddings are used once all are`;
  return hashed(db, projectId, itemIds, why, slices);
}

async function denseEmbeddings(
  db: Db,
  projectId: string,
  modelId: string,
  itemIds: readonly number[],
  slices: EventLoopSlices,
): Promise<{ matrix: FeatureMatrix } | { problem: string }> {
  const rowOf = new Map(itemIds.map((id, row) => [id, row]));
  const filled = new Uint8Array(itemIds.length);
  let dim: number | undefined;
  let data: Float32Array | undefined;
  for (let afterItemId = 0; ;) {
    const page = await projectEmbeddings({ db, projectId, modelId, afterItemId, limit: EMBEDDINGS_PER_READ });
    if (page.length === 0) break;
    for (const embedding of page) {
      dim ??= embedding.dim;
      if (embedding.dim !== dim) return { problem: `the stored ${modelId} embeddings have different dimensions (${dim} and ${embedding.dim})` };
      data ??= new Float32Array(itemIds.length * dim);
      const row = rowOf.get(embedding.itemId);
      // An item imported after the retrain read the project's items has no row this time.
      if (row === undefined) continue;
      data.set(decodeEmbeddings(embedding.vector, dim, embedding.encoding), row * dim);
      filled[row] = 1;
    }
    afterItemId = (page[page.length - 1] as StoredEmbedding).itemId;
    if (slices.due()) await slices.pause();
  }
  if (dim === undefined || data === undefined) return { problem: `no ${modelId} embedding is stored` };
  const missing = filled.indexOf(0);
  if (missing >= 0) return { problem: `item ${itemIds[missing]} has no ${modelId} embedding` };
  return { matrix: denseFeatureMatrix(data, dim) };
}

async function hashed(db: Db, projectId: string, itemIds: readonly number[], why: string, slices: EventLoopSlices): Promise<ProjectFeatures> {
  const uncached = uncachedItems(projectId, itemIds);
  const texts = new Map<number, string>();
  for (let start = 0; start < uncached.length; start += TEXTS_PER_READ) {
    for (const item of await itemTexts({ db, projectId, itemIds: uncached.slice(start, start + TEXTS_PER_READ) })) texts.set(item.id, item.text);
    if (slices.due()) await slices.pause();
  }
  const vectors = await hashedFeaturesFor({ projectId, itemIds, texts, slices });
  return {
    key: HASHED_FEATURES,
    matrix: sparseFeatureMatrix(vectors, hashedFeatureDimension()),
    description: `hashed word and character n-grams (fallback: ${why})`,
  };
}
