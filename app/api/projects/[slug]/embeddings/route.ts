import { getDb } from "@/db";
import { embeddingCoverage, storeEmbeddings } from "@/db/queries/embeddings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { claimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";
import { decodePostedVectors } from "@/lib/active-learning/server/embedding-payload";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../respond";
import { bodySchema } from "./schemas";

/**
 * Stores embeddings a browser computed for the batch it claimed (int8 or float16 rows, base64),
 * each under the ref the claim handed out: the whole batch and only it, cross-checks included
 * (db/queries/embeddings.ts); 409 when a ref is not the caller's or the post is not the whole
 * batch, 403 when a cross-check fails. When the last item gets its embedding, a retrain on
 * embeddings is queued (lib/jobs).
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const body = bodySchema.parse(await readJson(request));
    const { encoderModel } = workflowSettings(project.settings);
    if (body.modelId !== encoderModel) {
      throw new GoldsetError("conflict", `This project's encoder is now ${encoderModel}; embeddings from ${body.modelId} are not stored. Reload the page.`);
    }
    const rows = decodePostedVectors(body);
    const db = await getDb();
    const result = await storeEmbeddings({
      db,
      projectId: project.id,
      modelId: encoderModel,
      userId: user.id,
      refKey: claimRefKey(),
      encoding: body.encoding,
      dim: body.dim,
      rows,
    });
    const coverage = await embeddingCoverage({ db, projectId: project.id, modelId: encoderModel });
    if (result.stored > 0 && coverage.embedded >= coverage.items) {
      await requestRetrain({ db, projectId: project.id, trigger: "embeddings" });
    }
    // Not `checked`: the browser is told nothing about cross-checks that it could learn from.
    return { stored: result.stored, alreadyPresent: result.alreadyPresent, coverage };
  });
}
