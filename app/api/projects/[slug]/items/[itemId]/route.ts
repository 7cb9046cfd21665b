import { requireProjectAccess } from "@/lib/auth/guard";
import { itemReading } from "@/lib/items/item-reading";
import { itemHistoryForViewer } from "@/lib/items/server/item-history-for-viewer";
import { respond } from "../../../../respond";
import { paramsSchema } from "./schemas";

type Ctx = { params: Promise<{ slug: string; itemId: string }> };

/**
 * One item with every annotator's labels in force and its resolution: for those who may see every
 * annotation (annotators never see each other's labels), with the metadata the history shows them.
 */
export async function GET(_request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, itemId: rawItemId } = await ctx.params;
    const access = await requireProjectAccess(slug, "viewAllAnnotations");
    const { itemId } = paramsSchema.parse({ itemId: rawItemId });
    return itemReading(await itemHistoryForViewer(access, itemId));
  });
}
