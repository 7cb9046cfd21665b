import { getDb } from "@/db";
import { listProjectJobs } from "@/db/queries/jobs";
import { requireProjectAccess } from "@/lib/auth/guard";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../respond";

/** The project's latest background jobs (retrains, Dawid–Skene refits), newest first, with progress and errors. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    return { jobs: (await listProjectJobs({ db: await getDb(), projectId: project.id })).map(jobView) };
  });
}
