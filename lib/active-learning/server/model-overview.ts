/**
 * The lead's view of the project classifier: encoder and where browsers loaded it from, how many
 * items are embedded and (for leads) by whom and with how many failed cross-checks, the latest
 * versions with their held-out quality, and the ranking settings.
 */
import "server-only";
import type { Db } from "@/db";
import { countLabelSubmissions } from "@/db/queries/agreement";
import { listClassifierVersions, type ClassifierVersionSummary } from "@/db/queries/classifier-versions";
import { CROSS_CHECKS_PER_BATCH } from "@/db/queries/embedding-claims";
import { crossCheckFailures, embeddingsByAuthor } from "@/db/queries/embedding-authors";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { latestEncoderReport } from "@/db/queries/encoder-reports";
import { getProjectById } from "@/db/queries/projects";
import { getRankingSettings } from "@/db/queries/ranking-settings";
import { CROSS_CHECK_MIN_COSINE } from "@/lib/active-learning/embedding-check";
import { env } from "@/lib/env";
import { embeddingAuthorViews } from "./embedding-author-views";
import { serverModelFiles } from "./model-files";
import { SPAN_TOKEN_FEATURES } from "./compute-span-retrain";
import type { ClassifierVersionView, CrossCheckView, HeldOutView, ModelOverviewView } from "./model-views";
import { isRetraining } from "./retrain-scheduler";
import { readVersionMetrics, type VersionMetrics } from "./version-metrics";

const HISTORY = 10;

export async function modelOverview({ db, projectId, canManage }: { db: Db; projectId: string; canManage: boolean }): Promise<ModelOverviewView> {
  const settings = await getRankingSettings({ db, projectId });
  const allowRemoteModels = env().GOLDSET_ALLOW_REMOTE_MODELS === "1";
  const rows = await listClassifierVersions({ db, projectId, limit: HISTORY });
  const history = rows.map(versionView);
  const labelsAtLatest = rows[0] ? readVersionMetrics(rows[0].metrics).labelSubmissions : 0;
  return {
    canManage,
    spans: (await getProjectById({ db, projectId }))?.taskType === "spans",
    settings,
    encoder: {
      modelId: settings.encoderModel,
      serverFiles: await serverModelFiles({ modelsDir: env().GOLDSET_MODELS_DIR, modelId: settings.encoderModel, allowRemoteModels }),
      allowRemoteModels,
      lastReport: await latestEncoderReport({ db, projectId, modelId: settings.encoderModel }),
    },
    embeddings: await embeddingCoverage({ db, projectId, modelId: settings.encoderModel }),
    crossChecks: canManage ? await crossCheckView(db, projectId, settings.encoderModel) : null,
    latest: history[0] ?? null,
    history,
    retraining: await isRetraining({ db, projectId }),
    labelsSinceRetrain: (await countLabelSubmissions({ db, projectId })) - labelsAtLatest,
  };
}

async function crossCheckView(db: Db, projectId: string, modelId: string): Promise<CrossCheckView> {
  return {
    perBatch: CROSS_CHECKS_PER_BATCH,
    minCosine: CROSS_CHECK_MIN_COSINE,
    authors: embeddingAuthorViews(await embeddingsByAuthor({ db, projectId, modelId }), await crossCheckFailures({ db, projectId, modelId })),
  };
}

export function versionView(row: ClassifierVersionSummary): ClassifierVersionView {
  const metrics = readVersionMetrics(row.metrics);
  return {
    version: row.version,
    model: row.features === SPAN_TOKEN_FEATURES ? "span-tagger" : "classifier",
    createdAt: row.createdAt.toISOString(),
    trigger: metrics.trigger,
    features: row.features,
    featureDescription: metrics.featureDescription,
    strategy: row.strategy,
    coldStart: metrics.coldStart,
    diversityPicks: metrics.diversityPicks,
    trainedOn: row.trainedOn,
    untrained: metrics.untrained,
    labelCounts: metrics.labelCounts,
    heldOut: heldOutView(metrics.heldOut),
    seconds: metrics.seconds,
  };
}

function heldOutView(heldOut: VersionMetrics["heldOut"]): HeldOutView {
  const none = { trainItems: null, testItems: null, accuracy: null, macroF1: null, ece: null, entityF1: null, entityPrecision: null, entityRecall: null };
  if (!heldOut.evaluated) return { ...none, evaluated: false, reason: heldOut.reason };
  const { trainItems, testItems } = heldOut;
  if ("kind" in heldOut) {
    return { ...none, evaluated: true, reason: null, trainItems, testItems, entityF1: heldOut.entityF1, entityPrecision: heldOut.precision, entityRecall: heldOut.recall };
  }
  return { ...none, evaluated: true, reason: null, trainItems, testItems, accuracy: heldOut.accuracy, macroF1: heldOut.macroF1, ece: heldOut.ece };
}
