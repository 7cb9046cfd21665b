import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { bulkRequestSchema } from "@/lib/bulk/bulk-action";
import { filterView, requestBulkAction } from "@/lib/bulk/server/bulk-items-job";
import { jobView } from "@/lib/jobs/job-view";
import { readJson, respond } from "../../../../respond";

/**
 * Queues a bulk action on a selection of items or on every item a browser view matches (a
 * bulk-items job) and answers with the job, which the browser follows. Leads only
 * (manageSettings): these actions change what annotators, reviewers and exports get for up to a
 * whole project, which is the lead's call, not a reviewer's.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const input = bulkRequestSchema.parse(await readJson(request));
    // A filter the browser itself would refuse is refused here, before any job exists.
    if (input.target.kind === "filter") filterView(input.target.query);
    const job = await requestBulkAction({
      db: await getDb(),
      projectId: project.id,
      payload: { action: input.action, target: input.target, reason: input.reason ?? "", actorId: user.id },
    });
    return { job: jobView(job) };
  }, 202);
}
