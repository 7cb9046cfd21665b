import { getDb } from "@/db";
import { getReviewSettings, saveReviewSettings } from "@/db/queries/review-settings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { readJson, respond } from "../../../respond";
import { changesSchema } from "./schemas";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    return { settings: await getReviewSettings({ db: await getDb(), projectId: project.id }) };
  });
}

/** A lead changes review thresholds or the aggregation method; every item is re-resolved by a job. */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = changesSchema.parse(await readJson(request));
    const db = await getDb();
    const settings = await saveReviewSettings({ db, projectId: project.id, actorId: user.id, changes });
    await requestDawidSkeneRefit({ db, projectId: project.id, trigger: "settings", createdBy: user.id });
    return { settings };
  });
}
