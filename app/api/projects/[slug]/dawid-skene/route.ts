import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { dawidSkeneOverview } from "@/lib/aggregate/server/dawid-skene-overview";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    return await dawidSkeneOverview({ db: await getDb(), projectId: project.id });
  });
}

/** Queues a refit of the project's Dawid–Skene model and a re-resolution of its items: answers with the job, which the UI follows. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewInsights");
    return { job: jobView(await requestDawidSkeneRefit({ db: await getDb(), projectId: project.id, trigger: "manual", createdBy: user.id })) };
  }, 202);
}
