import { z } from "zod";
import { getDb } from "@/db";
import { listGoldItems, markGoldItems } from "@/db/queries/gold";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../respond";

const markSchema = z
  .object({
    answers: z
      .array(z.object({ itemId: z.number().int().positive(), labels: z.array(z.string().min(1).max(64)).max(64) }).strict())
      .min(1, "give at least one item")
      .max(1_000),
  })
  .strict();

/**
 * The gold items in force with their answers. Leads and site admins only (`manageSettings`): the
 * answers are what measures annotators, so no annotator may ever read them.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    return { goldItems: await listGoldItems({ db: await getDb(), projectId: project.id }) };
  });
}

/** A lead marks items as gold with their answers; an item already gold gets its answer replaced. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { answers } = markSchema.parse(await readJson(request));
    return await markGoldItems({ db: await getDb(), projectId: project.id, actorId: user.id, answers, source: "manual" });
  });
}
