import { getDb } from "@/db";
import { getConnectionView } from "@/db/queries/llm-connection";
import { getPromptVersion } from "@/db/queries/llm-prompts";
import { listRuns } from "@/db/queries/llm-runs";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { assertEndpointAllowed } from "@/lib/llm/client/guarded-lookup";
import { jobView } from "@/lib/jobs/job-view";
import { assertPromptFitsProject } from "@/lib/llm/prompts/project-prompt";
import { startRun } from "@/lib/llm/runs/run-manager";
import { readJson, respond } from "../../../../respond";
import { startSchema } from "./schemas";

/** The project's runs, newest first, with live progress; polled by the LLM page. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "runPrelabel", { allowArchived: true });
    const db = await getDb();
    return { runs: await listRuns({ db, projectId: project.id }) };
  });
}

/** Starts a background run over the items without an answer for the prompt version: the run, and the job that executes it. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "runPrelabel");
    const body = startSchema.parse(await readJson(request));
    const db = await getDb();
    const version = await getPromptVersion({ db, projectId: project.id, version: body.promptVersion });
    if (!version) throw new GoldsetError("not_found", `There is no prompt version ${body.promptVersion}; save the prompt first.`);
    assertPromptFitsProject(project.taskType, version.definition, version.version);
    // The environment's default base URL, or one saved before the allow-list existed, is checked here too.
    const { baseUrl } = await getConnectionView({ db, projectId: project.id });
    if (baseUrl !== "") await assertEndpointAllowed(baseUrl);
    const { run, job } = await startRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: body.limit, actorId: user.id });
    return { run, job: jobView(job) };
  }, 201);
}
