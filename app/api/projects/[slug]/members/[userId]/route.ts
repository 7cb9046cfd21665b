import { getDb } from "@/db";
import { listMembers, removeMember } from "@/db/queries/memberships";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../../respond";

/** Removes a member (leads and site admins): their access to the project ends on their next request. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; userId: string }> }) {
  return respond(async () => {
    const { slug, userId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    const db = await getDb();
    await removeMember({ db, projectId: project.id, userId, actorId: user.id });
    return { members: await listMembers({ db, projectId: project.id }) };
  });
}
