import { getDb } from "@/db";
import { archiveProject } from "@/db/queries/project-lifecycle";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../respond";

/** Makes the project read-only (lib/auth/guard.ts refuses its changes) until it is unarchived. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    const { archivedAt } = await archiveProject({ db: await getDb(), projectId: project.id, actorId: user.id });
    return { archivedAt: archivedAt.toISOString() };
  });
}
