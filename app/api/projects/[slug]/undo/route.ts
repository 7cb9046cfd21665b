import { getDb } from "@/db";
import { undoLastSubmission } from "@/db/queries/annotations";
import { getItem } from "@/db/queries/items";
import { annotatorProgress } from "@/db/queries/queue";
import { requireProjectAccess } from "@/lib/auth/guard";
import { visibleMetadata, type AnnotateItem } from "@/lib/annotate/annotate-item";
import { GoldsetError } from "@/lib/errors";
import { respond } from "../../../respond";

/** Takes back the caller's last submission and returns that item to show again. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const db = await getDb();
    const undone = await undoLastSubmission({ db, projectId: project.id, userId: user.id });
    if (!undone) throw new GoldsetError("not_found", "There is nothing to undo.");
    const item = (await getItem({ db, projectId: project.id, itemId: undone.itemId }))!;
    const shown: AnnotateItem = {
      id: item.id,
      externalId: item.externalId,
      text: item.text,
      metadata: visibleMetadata(item.metadata, project.visibleMetadata),
    };
    return { item: shown, undone: undone.undone, previous: undone.previous, progress: await annotatorProgress({ db, projectId: project.id, userId: user.id }) };
  });
}
