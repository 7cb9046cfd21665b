import { getDb } from "@/db";
import { invalidAnswersOfRun } from "@/db/queries/llm-invalid-answers";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../../../../respond";
import { paramsSchema } from "./schemas";

/** The run's answers that came back invalid, with what the model said; …/runs/12/retry asks about them again. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string; runId: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "runPrelabel", { allowArchived: true });
    const { runId } = paramsSchema.parse(raw);
    return { answers: await invalidAnswersOfRun({ db: await getDb(), projectId: project.id, runId }) };
  });
}
