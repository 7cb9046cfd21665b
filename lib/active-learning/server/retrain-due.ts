/**
 * Whether a retrain asked for by an event is worth running now. Labels: every `retrainEvery`
 * label submissions since the latest version. Embeddings: when every item now has an embedding
 * for the project's encoder and the latest version did not read them yet. A lead, a settings
 * change, an import of new items (which join the queue in the cold-start order) or the CLI always
 * retrain. A spans project's tagger reads tokens, never embeddings: they make no retrain due there.
 */
import "server-only";
import type { Db } from "@/db";
import { countLabelSubmissions } from "@/db/queries/agreement";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { getProjectById } from "@/db/queries/projects";
import { getProjectSettings } from "@/db/queries/ranking-settings";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { embeddingFeatures } from "./project-features";
import { readVersionMetrics, type RetrainTrigger } from "./version-metrics";

export type RetrainDecision = { readonly due: true; readonly trigger: RetrainTrigger } | { readonly due: false; readonly reason: string };

export async function retrainDecision({
  db,
  projectId,
  triggers,
}: {
  db: Db;
  projectId: string;
  triggers: ReadonlySet<RetrainTrigger>;
}): Promise<RetrainDecision> {
  for (const forced of ["manual", "settings", "cli", "import"] as const) if (triggers.has(forced)) return { due: true, trigger: forced };
  const settings = workflowSettings(await getProjectSettings({ db, projectId }));
  const latest = await latestClassifierVersion({ db, projectId });
  // Only embeddings ask for the task type: the labels check runs after every submission and needs no project row.
  let spans = false;
  if (triggers.has("embeddings")) {
    spans = (await getProjectById({ db, projectId }))?.taskType === "spans";
    if (!spans) {
      const coverage = await embeddingCoverage({ db, projectId, modelId: settings.encoderModel });
      const complete = coverage.items > 0 && coverage.embedded >= coverage.items;
      if (complete && latest?.features !== embeddingFeatures(settings.encoderModel)) return { due: true, trigger: "embeddings" };
    }
  }
  if (triggers.has("labels")) {
    const since = (await countLabelSubmissions({ db, projectId })) - (latest ? readVersionMetrics(latest.metrics).labelSubmissions : 0);
    if (since >= settings.ranking.retrainEvery) return { due: true, trigger: "labels" };
    return { due: false, reason: `${since} of ${settings.ranking.retrainEvery} labels since the last retrain` };
  }
  return { due: false, reason: spans ? "a spans project's model reads tokens, not embeddings" : "the latest version already reads every embedding" };
}
