import { getDb } from "@/db";
import { removeGoldItems } from "@/db/queries/gold";
import { requireProjectAccess } from "@/lib/auth/guard";
import { itemIdFrom } from "@/lib/items/server/item-history-for-viewer";
import { respond } from "../../../../respond";

/** A lead takes one item out of the gold set (the row stays, marked removed, for the audit). */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; itemId: string }> }) {
  return respond(async () => {
    const { slug, itemId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    return await removeGoldItems({ db: await getDb(), projectId: project.id, actorId: user.id, itemIds: [itemIdFrom(itemId)] });
  });
}
