import { getDb } from "@/db";
import { listAgreementSnapshots, notSureRates, saveAgreementSnapshot } from "@/db/queries/agreement";
import { reviewBacklog } from "@/db/queries/review";
import { requireProjectAccess } from "@/lib/auth/guard";
import { respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    const db = await getDb();
    return {
      snapshots: await listAgreementSnapshots({ db, projectId: project.id }),
      notSure: await notSureRates({ db, projectId: project.id }),
      backlog: await reviewBacklog({ db, projectId: project.id }),
    };
  });
}

/** Computes a snapshot now ("on demand" on the insights page). */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "viewInsights");
    return { snapshot: await saveAgreementSnapshot({ db: await getDb(), projectId: project.id, trigger: "manual", createdBy: user.id }) };
  }, 201);
}
