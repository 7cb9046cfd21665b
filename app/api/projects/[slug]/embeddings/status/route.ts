import { z } from "zod";
import { requireProjectAccess } from "@/lib/auth/guard";
import { recordEncoderReport } from "@/lib/active-learning-service/encoder-reports";
import { readJson, respond } from "../../../../respond";

const bodySchema = z.object({
  modelId: z.string().min(1).max(200),
  state: z.enum(["ready", "failed"]),
  detail: z.string().min(1).max(2_000),
  threads: z.number().int().min(1).max(1_024).nullable().default(null),
  crossOriginIsolated: z.boolean().nullable().default(null),
  itemsPerSecond: z.number().min(0).max(1e6).nullable().default(null),
});

/** A browser's word on loading the project's encoder, for the lead's model view. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const report = bodySchema.parse(await readJson(request));
    recordEncoderReport(project.id, { ...report, reportedBy: user.name, at: new Date().toISOString() });
    return { recorded: true };
  });
}
