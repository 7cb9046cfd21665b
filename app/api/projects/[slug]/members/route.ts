import { getDb } from "@/db";
import { listMembers, setMemberRole } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { sharesAProject } from "@/db/queries/coworkers";
import { requireProjectAccess } from "@/lib/auth/guard";
import { memberInputSchema } from "@/lib/projects/project-input";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageMembers", { allowArchived: true });
    return { members: await listMembers({ db: await getDb(), projectId: project.id }) };
  });
}

export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    const input = memberInputSchema.parse(await readJson(request));
    const db = await getDb();
    const member = await getUserByEmail({ db, email: input.email });
    // Only site admins learn whether an email has an account: a lead can add the people they
    // already share a project with, and hears the same answer for anyone else as for no one.
    const addable = member && (user.isAdmin || (await sharesAProject({ db, userId: user.id, otherUserId: member.id })));
    if (!addable) {
      throw new GoldsetError(
        "not_found",
        user.isAdmin
          ? `No user with email ${input.email}: create the account first.`
          : `You cannot add ${input.email}: you can add people who already work with you in a project; a site admin can add anyone with an account.`,
      );
    }
    await setMemberRole({ db, projectId: project.id, userId: member.id, role: input.role, actorId: user.id });
    return { members: await listMembers({ db, projectId: project.id }) };
  }, 201);
}
