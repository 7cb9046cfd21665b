import { getDb } from "@/db";
import { deleteProject } from "@/db/queries/project-lifecycle";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../respond";
import { deleteSchema } from "./schemas";

/**
 * Soft-deletes the project once the caller typed its name exactly: it is then gone from every page,
 * route and list, while its rows stay. Archived projects may be deleted too.
 */
export async function DELETE(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    const { typedName } = deleteSchema.parse(await readJson(request));
    await deleteProject({ db: await getDb(), projectId: project.id, actorId: user.id, typedName });
    return { deleted: true };
  });
}
