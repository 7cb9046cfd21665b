import { getDb } from "@/db";
import { latestJobsOfKind } from "@/db/queries/jobs";
import { requireProjectAccess } from "@/lib/auth/guard";
import { DRIFT_JOB_KIND, type DriftResult, requestDrift } from "@/lib/drift/server/drift-job";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../respond";

/**
 * The latest drift per import batch (the result of the last drift job that succeeded, with when it
 * finished) and the drift job under way, if any. Derived from every annotator's labels: insights
 * only, never annotators.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    const { succeeded, live } = await latestJobsOfKind({ db: await getDb(), projectId: project.id, kind: DRIFT_JOB_KIND });
    return {
      drift: succeeded ? { computedAt: succeeded.finishedAt, ...(succeeded.result as DriftResult) } : null,
      job: live ? jobView(live) : null,
    };
  });
}

/** Queues a recomputation of the drift: answers with the job, which the insights page follows. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewInsights");
    return { job: jobView(await requestDrift({ db: await getDb(), projectId: project.id, createdBy: user.id })) };
  }, 202);
}
