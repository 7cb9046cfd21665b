import { getDb } from "@/db";
import { deleteSavedView, renameSavedView } from "@/db/queries/saved-views";
import { requireProjectAccess } from "@/lib/auth/guard";
import { savedViewRenameSchema } from "@/lib/browse/saved-view-input";
import { readJson, respond } from "../../../../respond";
import { viewId } from "./schemas";

/** Renames one of the caller's saved views; someone else's is not found. */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, id } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewAllAnnotations");
    const input = savedViewRenameSchema.parse(await readJson(request));
    return { view: await renameSavedView({ db: await getDb(), projectId: project.id, userId: user.id, id: viewId.parse(id), name: input.name }) };
  });
}

/** Deletes one of the caller's saved views; someone else's is not found. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, id } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewAllAnnotations");
    await deleteSavedView({ db: await getDb(), projectId: project.id, userId: user.id, id: viewId.parse(id) });
    return { deleted: true };
  });
}
