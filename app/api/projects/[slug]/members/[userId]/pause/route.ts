import { getDb } from "@/db";
import { unpauseMember } from "@/db/queries/memberships";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../../../respond";

/** A lead lifts a member's pause (audited), from the Team page: the queue serves them again. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; userId: string }> }) {
  return respond(async () => {
    const { slug, userId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    await unpauseMember({ db: await getDb(), projectId: project.id, userId, actorId: user.id });
    return { paused: false };
  });
}
