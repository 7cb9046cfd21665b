import { getDb } from "@/db";
import { annotatorProgress, nextItemsForAnnotator } from "@/db/queries/queue";
import { isMemberPaused } from "@/db/queries/memberships";
import { requireProjectAccess } from "@/lib/auth/guard";
import { visibleMetadata, type AnnotateItem } from "@/lib/annotate/annotate-item";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { readJson, respond } from "../../../respond";
import { bodySchema } from "./schemas";

/**
 * Leases the next item(s) for the signed-in annotator, each with its suggestion (withheld for the
 * anchoring share); `holding` renews leases the client has. A gold item comes exactly like any other
 * (nothing here says which items are gold); `paused` tells a paused annotator why nothing comes.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const body = bodySchema.parse(await readJson(request));
    const db = await getDb();
    const queued = await nextItemsForAnnotator({ db, projectId: project.id, userId: user.id, count: body.count, holding: body.holding });
    const suggestions = await suggestionsForAnnotator({ db, project, itemIds: queued.map((q) => q.id) });
    const items: AnnotateItem[] = queued.map((q) => ({
      id: q.id,
      externalId: q.externalId,
      text: q.text,
      metadata: visibleMetadata(q.metadata, project.visibleMetadata),
      suggestion: suggestions.get(q.id) ?? null,
    }));
    // Asked only when nothing came: a paused member is served nothing, so the common case pays nothing.
    const paused = items.length === 0 && (await isMemberPaused({ db, projectId: project.id, userId: user.id }));
    return { items, paused, progress: await annotatorProgress({ db, projectId: project.id, userId: user.id }) };
  });
}
