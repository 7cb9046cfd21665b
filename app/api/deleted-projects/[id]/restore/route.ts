import { getDb } from "@/db";
import { restoreProject } from "@/db/queries/project-lifecycle";
import { requireAdmin } from "@/lib/auth/guard";
import { respond } from "../../../respond";

/** A site admin brings back a project a lead deleted by mistake; it returns as it was (archived or not). */
export async function POST(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const admin = await requireAdmin();
    const { id } = await ctx.params;
    await restoreProject({ db: await getDb(), projectId: id, actorId: admin.id });
    return { restored: true };
  });
}
