import { getDb } from "@/db";
import { teamFigures } from "@/db/queries/team";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../respond";

/**
 * Per-annotator figures and pairwise agreement. Leads and site admins only (`manageMembers`): these
 * are judgements of people, which the person managing the team needs; a reviewer sees every label
 * already, but not a ranking of colleagues, and an annotator never sees another's figures.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageMembers", { allowArchived: true });
    return await teamFigures({ db: await getDb(), projectId: project.id });
  });
}
