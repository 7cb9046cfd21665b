import { getDb } from "@/db";
import { getSuggestionSettings, saveSuggestionSettings } from "@/db/queries/llm-settings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../../respond";
import { changesSchema } from "./schemas";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "runPrelabel", { allowArchived: true });
    return { settings: await getSuggestionSettings({ db: await getDb(), projectId: project.id }) };
  });
}

/** Which suggestions annotators see, and the share withheld to measure anchoring. */
export async function PUT(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = changesSchema.parse(await readJson(request));
    return { settings: await saveSuggestionSettings({ db: await getDb(), projectId: project.id, actorId: user.id, changes }) };
  });
}
