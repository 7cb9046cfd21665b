import { getDb } from "@/db";
import { listGoldItems, markGoldItems } from "@/db/queries/gold";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../respond";
import { markSchema } from "./schemas";

/**
 * The gold items in force with their answers. Leads and site admins only (`manageSettings`): the
 * answers are what measures annotators, so no annotator may ever read them.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    return { goldItems: await listGoldItems({ db: await getDb(), projectId: project.id }) };
  });
}

/** A lead marks items as gold with their answers; an item already gold gets its answer replaced. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { answers } = markSchema.parse(await readJson(request));
    return await markGoldItems({ db: await getDb(), projectId: project.id, actorId: user.id, answers, source: "manual" });
  });
}
