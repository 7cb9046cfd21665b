import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { explainItem } from "@/lib/active-learning/server/item-explanation";
import { GoldsetError } from "@/lib/errors";
import { respond } from "../../../../../respond";

/** Why an item (by external id, or database id) sits where it does in the queue. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string; itemRef: string }> }) {
  return respond(async () => {
    const { slug, itemRef } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    const explanation = await explainItem({ db: await getDb(), projectId: project.id, itemRef });
    if (!explanation) throw new GoldsetError("not_found", `No item "${itemRef}" in this project: give its id as shown on the annotate page (without #).`);
    return { explanation };
  });
}
