import { getDb } from "@/db";
import { pauseMemberByLead, unpauseMember } from "@/db/queries/memberships";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../../../respond";
import { pauseMemberBody } from "./schemas";

/** A lead pauses an annotator by hand, with a reason (audited): the queue serves them nothing. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string; userId: string }> }) {
  return respond(async () => {
    const { slug, userId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    const { reason } = pauseMemberBody.parse(await readJson(request));
    await pauseMemberByLead({ db: await getDb(), projectId: project.id, userId, actorId: user.id, reason });
    return { paused: true };
  });
}

/** A lead lifts a member's pause (audited), from the Team page: the queue serves them again. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; userId: string }> }) {
  return respond(async () => {
    const { slug, userId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    await unpauseMember({ db: await getDb(), projectId: project.id, userId, actorId: user.id });
    return { paused: false };
  });
}
