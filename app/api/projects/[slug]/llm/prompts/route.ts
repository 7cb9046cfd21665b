import { getDb } from "@/db";
import { listPromptVersions } from "@/db/queries/llm-prompts";
import { SqlitePrelabelStore } from "@/db/queries/prelabel-store";
import { requireProjectAccess } from "@/lib/auth/guard";
import { defaultPromptInput, promptModeFor } from "@/lib/llm/prompts/project-prompt";
import { renderPromptMessages } from "@/lib/llm/prompts/prompt-template";
import { promptInputSchema } from "@/lib/llm/prompts/prompt-input";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";
import { readJson, respond } from "../../../../respond";

/**
 * Every version, newest first, with how many items still lack an answer for it and its system
 * message as the model receives it (placeholders filled: a spans project's shows its entity types
 * and the span answer format); `mode` says what the project's prompts ask for.
 */
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
        systemPreview: renderPromptMessages(version.definition, "")[0]!.content,
      })),
    );
    return { versions, defaults: defaultPromptInput(project.guidelines, project.taskType), mode: promptModeFor(project.taskType) };
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
