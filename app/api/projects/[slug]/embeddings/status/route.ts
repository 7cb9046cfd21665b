import { getDb } from "@/db";
import { recordEncoderReport } from "@/db/queries/encoder-reports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../../respond";
import { bodySchema } from "./schemas";

/**
 * A browser's word on loading the project's encoder, for the lead's model view. Only reports about
 * the current encoder are kept: one row per project and model, so any other model id would only
 * add rows nobody reads.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const { modelId, ...report } = bodySchema.parse(await readJson(request));
    const { encoderModel } = workflowSettings(project.settings);
    if (modelId !== encoderModel) {
      throw new GoldsetError("conflict", `This project's encoder is now ${encoderModel}, not ${modelId}: reload the page.`);
    }
    await recordEncoderReport({ db: await getDb(), projectId: project.id, modelId, report, reportedBy: user.id });
    return { recorded: true };
  });
}
