import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../../respond";

/** Queues a retrain and re-rank now (after the one running, if any): answers with the job, which the UI follows. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    return { job: jobView(await requestRetrain({ db: await getDb(), projectId: project.id, trigger: "manual", createdBy: user.id })) };
  }, 202);
}
