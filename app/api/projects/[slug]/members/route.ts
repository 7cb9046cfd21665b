import { getDb } from "@/db";
import { listMembers, setMemberRole } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { requireProjectAccess } from "@/lib/auth/guard";
import { memberInputSchema } from "@/lib/projects/project-input";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageMembers");
    return { members: listMembers({ db: getDb(), projectId: project.id }) };
  });
}

export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageMembers");
    const input = memberInputSchema.parse(await readJson(request));
    const db = getDb();
    const member = getUserByEmail({ db, email: input.email });
    if (!member) throw new GoldsetError("not_found", `No user with email ${input.email}: a site admin must create the account first.`);
    setMemberRole({ db, projectId: project.id, userId: member.id, role: input.role, actorId: user.id });
    return { members: listMembers({ db, projectId: project.id }) };
  }, 201);
}
