import { getDb } from "@/db";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { readJson, respond } from "../../../../respond";
import { changesSchema } from "./schemas";

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
