import { z } from "zod";
import { getDb } from "@/db";
import { getItem } from "@/db/queries/items";
import { requireProjectAccess } from "@/lib/auth/guard";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { GoldsetError } from "@/lib/errors";
import { respond } from "../../../../../respond";

const paramsSchema = z.object({ itemId: z.coerce.number().int().positive() });

/** One item's suggestion as an annotator sees it: for an item that comes back on screen after an undo. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string; itemId: string }> }) {
  return respond(async () => {
    const { slug, itemId: rawItemId } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "annotate");
    const { itemId } = paramsSchema.parse({ itemId: rawItemId });
    const db = getDb();
    if (!getItem({ db, projectId: project.id, itemId })) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
    return { suggestion: suggestionsForAnnotator({ db, project, itemIds: [itemId] }).get(itemId) ?? null };
  });
}
