import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { respond } from "../../../../respond";

/** Retrains and re-ranks now, and answers when done (a run already going is waited for, then one more). */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings");
    return requestRetrain({ db: await getDb(), projectId: project.id, trigger: "manual" });
  });
}
