import { getDb } from "@/db";
import { listPromptVersions } from "@/db/queries/llm-prompts";
import { SqlitePrelabelStore } from "@/db/queries/prelabel-store";
import { requireProjectAccess } from "@/lib/auth/guard";
import { defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { promptInputSchema } from "@/lib/llm/prompts/prompt-input";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";
import { readJson, respond } from "../../../../respond";

/** Every version, newest first, with how many items still lack an answer for it. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "runPrelabel", { allowArchived: true });
    const db = await getDb();
    const store = new SqlitePrelabelStore({ db, projectId: project.id });
    const versions = await Promise.all(
      (await listPromptVersions({ db, projectId: project.id })).map(async (version) => ({
        ...version,
        pendingItems: await store.countPendingItems({ promptVersionId: String(version.id) }),
      })),
    );
    return { versions, defaults: defaultPromptInput(project.guidelines, project.taskType) };
  });
}

/** Saves the editor's prompt as the next version (or returns the latest if nothing changed). */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "runPrelabel");
    const input = promptInputSchema.parse(await readJson(request));
    return await saveProjectPrompt({ db: await getDb(), project, actorId: user.id, input });
  }, 201);
}
