import { getDb } from "@/db";
import { annotatorHasItem } from "@/db/queries/annotator-item-access";
import { getItem } from "@/db/queries/items";
import { requireProjectAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { GoldsetError } from "@/lib/errors";
import { respond } from "../../../../../respond";
import { paramsSchema } from "./schemas";

/**
 * One item's suggestion as an annotator sees it: for an item that comes back on screen after an
 * undo. Annotators may ask only about items leased to them or labelled by them.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string; itemId: string }> }) {
  return respond(async () => {
    const { slug, itemId: rawItemId } = await ctx.params;
    const { user, project, role } = await requireProjectAccess(slug, "annotate", { allowArchived: true });
    const { itemId } = paramsSchema.parse({ itemId: rawItemId });
    const db = await getDb();
    if (!(await getItem({ db, projectId: project.id, itemId }))) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
    // Reviewers and leads see every item anyway; an annotator only those the queue gave them.
    if (!can({ isAdmin: user.isAdmin, role }, "review") && !(await annotatorHasItem({ db, projectId: project.id, itemId, userId: user.id }))) {
      throw new GoldsetError("not_found", `Item ${itemId} is neither leased to you nor labelled by you: take items from the queue.`);
    }
    return { suggestion: (await suggestionsForAnnotator({ db, project, itemIds: [itemId] })).get(itemId) ?? null };
  });
}
