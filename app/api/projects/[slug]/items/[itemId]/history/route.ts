import { requireProjectAccess } from "@/lib/auth/guard";
import { itemHistoryForViewer, itemIdFrom } from "@/lib/items/server/item-history-for-viewer";
import { respond } from "../../../../../respond";

type Ctx = { params: Promise<{ slug: string; itemId: string }> };

/** Everything that happened to one item, oldest first: for leads, reviewers and site admins. */
export async function GET(_request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, itemId } = await ctx.params;
    const access = await requireProjectAccess(slug, "viewAllAnnotations");
    return await itemHistoryForViewer(access, itemIdFrom(itemId));
  });
}
