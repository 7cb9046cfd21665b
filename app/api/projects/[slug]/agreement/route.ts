import { getDb } from "@/db";
import { listAgreementSnapshots, notSureRates } from "@/db/queries/agreement";
import { reviewBacklog } from "@/db/queries/review";
import { spanAgreementReport } from "@/db/queries/span-agreement";
import { requestAgreementSnapshot } from "@/lib/agreement/server/agreement-snapshot-job";
import { summarizeSpanAgreementOnThread } from "@/lib/agreement/server/agreement-thread";
import { requireProjectAccess } from "@/lib/auth/guard";
import { jobView } from "@/lib/jobs/job-view";
import { respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    const db = await getDb();
    return {
      snapshots: await listAgreementSnapshots({ db, projectId: project.id }),
      notSure: await notSureRates({ db, projectId: project.id }),
      backlog: await reviewBacklog({ db, projectId: project.id }),
      // Spans projects: entity F1 (exact, partial) and αu per pair and entity type, read from the
      // current annotations and computed (with the bootstrap) on a worker thread.
      ...(project.taskType === "spans" ? { spans: await spanAgreementReport({ db, projectId: project.id, summarize: summarizeSpanAgreementOnThread }) } : {}),
    };
  });
}

/** Queues a snapshot now ("on demand" on the insights page): answers with the job, which the page follows. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewInsights");
    return { job: jobView(await requestAgreementSnapshot({ db: await getDb(), projectId: project.id, trigger: "manual", createdBy: user.id })) };
  }, 202);
}
