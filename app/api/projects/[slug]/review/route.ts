import { getDb } from "@/db";
import { reviewBacklog, reviewQueue } from "@/db/queries/review";
import { requireProjectAccess } from "@/lib/auth/guard";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { respond } from "../../../respond";
import { querySchema } from "./schemas";

export async function GET(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "review", { allowArchived: true });
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const db = await getDb();
    const includeOwn = workflowSettings(project.settings).review.allowSelfAdjudication;
    return {
      items: await reviewQueue({ db, projectId: project.id, reviewerId: user.id, includeOwn, ...query }),
      backlog: await reviewBacklog({ db, projectId: project.id }),
    };
  });
}
