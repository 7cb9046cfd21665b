import { getDb } from "@/db";
import { unarchiveProject } from "@/db/queries/project-lifecycle";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../respond";

/** Makes an archived project writable again; the archive switch is the one change it accepts. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    await unarchiveProject({ db: await getDb(), projectId: project.id, actorId: user.id });
    return { archivedAt: null };
  });
}
