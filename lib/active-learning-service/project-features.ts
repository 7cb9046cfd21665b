/**
 * Which features the project classifier reads. Sentence embeddings from the project's encoder
 * when every item has one (a linear model cannot score an item it has no vector for, and mixing
 * two feature spaces in one queue would rank apples against pears); otherwise the weight-free
 * hashed word and character n-grams, which every item always has.
 */
import type { Db } from "@/db";
import { embeddingCoverage, projectEmbeddings } from "@/db/queries/embeddings";
import { itemTexts } from "@/db/queries/ranking";
import { decodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { denseFeatureMatrix, sparseFeatureMatrix, type FeatureMatrix } from "@/lib/active-learning/feature-matrix";
import { hashedFeatureDimension } from "@/lib/active-learning/hashed-features";
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

/** Items between yields while hashing, so a large project does not stall the server's other requests. */
const HASHING_SLICE = 1_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function projectFeatures({
  db,
  projectId,
  itemIds,
  encoderModel,
}: {
  db: Db;
  projectId: string;
  /** The project's items in the order the rows must have. */
  itemIds: readonly number[];
  encoderModel: string;
}): Promise<ProjectFeatures> {
  const coverage = embeddingCoverage({ db, projectId, modelId: encoderModel });
  if (itemIds.length > 0 && coverage.embedded >= itemIds.length) {
    const dense = denseEmbeddings(db, projectId, encoderModel, itemIds);
    if ("matrix" in dense) {
      return {
        key: embeddingFeatures(encoderModel),
        matrix: dense.matrix,
        description: `sentence embeddings from ${encoderModel} (${itemIds.length} of ${itemIds.length} items embedded)`,
      };
    }
    return hashed(db, projectId, itemIds, dense.problem);
  }
  const why =
    coverage.embedded === 0
      ? `no item is embedded with ${encoderModel} yet`
      : `${coverage.embedded} of ${coverage.items} items are embedded with ${encoderModel}; embeddings are used once all are`;
  return hashed(db, projectId, itemIds, why);
}

function denseEmbeddings(db: Db, projectId: string, modelId: string, itemIds: readonly number[]): { matrix: FeatureMatrix } | { problem: string } {
  const stored = projectEmbeddings({ db, projectId, modelId });
  const dims = new Set(stored.map((row) => row.dim));
  const dim = stored[0]?.dim;
  if (dim === undefined || dims.size !== 1) return { problem: `the stored ${modelId} embeddings have ${dims.size} different dimensions` };
  const byItem = new Map(stored.map((row) => [row.itemId, row]));
  const data = new Float32Array(itemIds.length * dim);
  for (let row = 0; row < itemIds.length; row++) {
    const embedding = byItem.get(itemIds[row] as number);
    if (!embedding) return { problem: `item ${itemIds[row]} has no ${modelId} embedding` };
    data.set(decodeEmbeddings(embedding.vector, dim, embedding.encoding), row * dim);
  }
  return { matrix: denseFeatureMatrix(data, dim) };
}

async function hashed(db: Db, projectId: string, itemIds: readonly number[], why: string): Promise<ProjectFeatures> {
  const texts = new Map(itemTexts({ db, projectId, itemIds: uncachedItems(projectId, itemIds) }).map((item) => [item.id, item.text]));
  const vectors = await hashedFeaturesFor({ projectId, itemIds, texts, pause: yieldToEventLoop, slice: HASHING_SLICE });
  return {
    key: HASHED_FEATURES,
    matrix: sparseFeatureMatrix(vectors, hashedFeatureDimension()),
    description: `hashed word and character n-grams (fallback: ${why})`,
  };
}
