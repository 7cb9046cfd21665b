import { getDb } from "@/db";
import { getProjectJob } from "@/db/queries/jobs";
import { requireProjectAccess } from "@/lib/auth/guard";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../../respond";
import { paramsSchema } from "./schemas";

/** One background job of the project: what the UI polls until the job it started ends. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    const { id } = paramsSchema.parse(raw);
    return { job: jobView(await getProjectJob({ db: await getDb(), projectId: project.id, jobId: id })) };
  });
}
