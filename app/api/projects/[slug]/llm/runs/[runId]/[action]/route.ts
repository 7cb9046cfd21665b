import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { jobView } from "@/lib/jobs/job-view";
import { resumeRun, retryInvalidAnswers, stopRun, type QueuedRun } from "@/lib/llm/runs/run-manager";
import { respond } from "../../../../../../respond";
import { paramsSchema } from "./schemas";

/**
 * POST …/runs/12/pause, …/resume or …/cancel; …/retry starts a new run over run 12's invalid answers
 * and returns it. Resume and retry also return the job that executes the run.
 */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string; runId: string; action: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "runPrelabel");
    const { runId, action } = paramsSchema.parse(raw);
    const db = await getDb();
    const withJob = ({ run, job }: QueuedRun) => ({ run, job: jobView(job) });
    if (action === "retry") return withJob(await retryInvalidAnswers({ db, projectId: project.id, runId, actorId: user.id }));
    if (action === "resume") return withJob(await resumeRun({ db, projectId: project.id, runId, actorId: user.id }));
    return { run: await stopRun({ db, projectId: project.id, runId, request: action, actorId: user.id }) };
  });
}
