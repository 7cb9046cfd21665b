import { getDb } from "@/db";
import { browseItems } from "@/db/queries/item-browser";
import { requireProjectAccess } from "@/lib/auth/guard";
import { itemViewQuery, parseItemView } from "@/lib/browse/item-view";
import { respond } from "../../../respond";

/**
 * A page of the project's items under the view the query string names (lib/browse/item-view.ts):
 * for those who may see every annotation, since the filters and rows show who labelled what.
 */
export async function GET(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewAllAnnotations");
    const view = parseItemView(new URL(request.url).searchParams);
    const page = await browseItems({ db: await getDb(), projectId: project.id, view });
    return { ...page, nextQuery: page.next ? itemViewQuery({ ...view, after: page.next }) : null };
  });
}
