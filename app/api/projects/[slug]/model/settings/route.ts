import { z } from "zod";
import { getDb } from "@/db";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { isValidModelId } from "@/lib/ml/model-source";
import { RANKING_STRATEGIES } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../../respond";

const changesSchema = z
  .object({
    strategy: z.enum(RANKING_STRATEGIES),
    explorationShare: z.number().min(0).max(1),
    retrainEvery: z.number().int().min(1).max(10_000),
    minPerClass: z.number().int().min(1).max(100),
    rareClassBoost: z.number().min(0).max(10),
    disagreementBoost: z.number().min(0).max(10),
    encoderModel: z.string().max(200).refine(isValidModelId, 'use a model id like "Xenova/all-MiniLM-L6-v2" (owner/name, no "..")'),
  })
  .partial();

/** A lead changes how the queue is ranked or which encoder embeds the items; the queue is re-ranked by a job. */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = changesSchema.parse(await readJson(request));
    const db = await getDb();
    const settings = await saveRankingSettings({ db, projectId: project.id, actorId: user.id, changes });
    await requestRetrain({ db, projectId: project.id, trigger: "settings", createdBy: user.id });
    return { settings };
  });
}
