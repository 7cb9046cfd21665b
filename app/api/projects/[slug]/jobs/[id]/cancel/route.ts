import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { cancelProjectJob } from "@/lib/jobs/cancel-job";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../../../respond";
import { paramsSchema } from "./schemas";

/** A lead cancels one of the project's jobs (audited); 409 when its state or kind does not allow it. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { id } = paramsSchema.parse(raw);
    return { job: jobView(await cancelProjectJob({ db: await getDb(), projectId: project.id, jobId: id, actorId: user.id })) };
  });
}
