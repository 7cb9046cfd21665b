import { getDb } from "@/db";
import { discardEmbeddingsBy } from "@/db/queries/embedding-authors";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../../../respond";
import { bodySchema } from "./schemas";

/**
 * A lead discards every embedding one user's browser stored for the project's encoder (say,
 * after failed cross-checks), so those items lack an embedding again and other browsers embed
 * them anew. Audited. Until every item is embedded again, retrains rank on hashed n-gram features
 * (lib/active-learning/server/project-features.ts), and the last one then retrains on embeddings.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const body = bodySchema.parse(await readJson(request));
    const { encoderModel } = workflowSettings(project.settings);
    if (body.modelId !== encoderModel) {
      throw new GoldsetError("conflict", `This project's encoder is now ${encoderModel}, not ${body.modelId}: reload the page.`);
    }
    const db = await getDb();
    const { discarded } = await discardEmbeddingsBy({ db, projectId: project.id, modelId: encoderModel, authorId: body.userId, actorId: user.id });
    return { discarded, coverage: await embeddingCoverage({ db, projectId: project.id, modelId: encoderModel }) };
  });
}
