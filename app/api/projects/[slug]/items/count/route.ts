import { getDb } from "@/db";
import { countItems } from "@/db/queries/item-browser";
import { requireProjectAccess } from "@/lib/auth/guard";
import { parseItemView } from "@/lib/browse/item-view";
import { respond } from "../../../../respond";

/**
 * How many items the view in the query string matches, capped (db/queries/item-browser.ts,
 * countItems): apart from the page itself, so that a slow count never holds the rows back.
 */
export async function GET(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewAllAnnotations");
    const view = parseItemView(new URL(request.url).searchParams);
    return countItems({ db: await getDb(), projectId: project.id, view });
  });
}
