import { getDb } from "@/db";
import { createSavedView, listSavedViews } from "@/db/queries/saved-views";
import { requireProjectAccess } from "@/lib/auth/guard";
import { canonicalViewQuery, savedViewCreateSchema } from "@/lib/browse/saved-view-input";
import { readJson, respond } from "../../../respond";

/** The caller's own saved views of the project's data browser (viewAllAnnotations, as the browser). */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewAllAnnotations");
    return { views: await listSavedViews({ db: await getDb(), projectId: project.id, userId: user.id }) };
  });
}

/** Saves the browser's current query string under a name, for the caller alone. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewAllAnnotations");
    const input = savedViewCreateSchema.parse(await readJson(request));
    const view = await createSavedView({ db: await getDb(), projectId: project.id, userId: user.id, name: input.name, query: canonicalViewQuery(input.query) });
    return { view };
  }, 201);
}
