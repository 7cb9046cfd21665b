import { getDb } from "@/db";
import { claimEmbeddingBatch } from "@/db/queries/embedding-claims";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { claimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";
import { textForEmbedding } from "@/lib/active-learning/server/embedding-text";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../../respond";
import { bodySchema } from "./schemas";

/**
 * Hands the caller's browser a batch of items that still lack an embedding for the project's
 * encoder, claimed for it alone for a while, with the text to embed. Rationed (see
 * db/queries/embedding-claims.ts): one batch per user at a time, so asking again before posting
 * the vectors returns the same batch (`held: true`, same refs); nothing once the project has no
 * open items. The batch may include cross-check items, answered in exactly the same shape as the
 * others: an opaque ref per item instead of its id, in random order, so nothing tells them apart.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const body = bodySchema.parse(await readJson(request));
    const { encoderModel } = workflowSettings(project.settings);
    if (body.modelId !== encoderModel) {
      throw new GoldsetError("conflict", `This project's encoder is now ${encoderModel}, not ${body.modelId}: reload the page.`);
    }
    const db = await getDb();
    const claim = await claimEmbeddingBatch({ db, projectId: project.id, modelId: encoderModel, userId: user.id, refKey: claimRefKey(), count: body.count });
    return {
      items: claim.items.map((item) => ({ ref: item.ref, text: textForEmbedding(item.text) })),
      held: claim.status === "held",
      expiresAt: claim.status === "not-needed" ? null : claim.expiresAt.toISOString(),
      reason: claim.status === "not-needed" ? claim.reason : null,
      coverage: await embeddingCoverage({ db, projectId: project.id, modelId: encoderModel }),
    };
  });
}
