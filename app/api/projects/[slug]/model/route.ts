import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { modelOverview } from "@/lib/active-learning/server/model-overview";
import { respond } from "../../../respond";

/** The project classifier at a glance: encoder, embeddings, versions with held-out quality, ranking settings. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project, role } = await requireProjectAccess(slug, "viewInsights");
    const canManage = can({ isAdmin: user.isAdmin, role }, "manageSettings");
    return modelOverview({ db: await getDb(), projectId: project.id, canManage });
  });
}
