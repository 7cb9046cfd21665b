import { z } from "zod";
import { getDb } from "@/db";
import { reviewBacklog, reviewQueue } from "@/db/queries/review";
import { requireProjectAccess } from "@/lib/auth/guard";
import { REVIEW_REASONS } from "@/lib/review/review-need";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { respond } from "../../../respond";

const querySchema = z.object({
  reason: z.enum(REVIEW_REASONS).optional(),
  label: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

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
