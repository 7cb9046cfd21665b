import { getDb } from "@/db";
import { skipItem } from "@/db/queries/annotations";
import { annotatorProgress } from "@/db/queries/queue";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../respond";
import { bodySchema } from "./schemas";

export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const body = bodySchema.parse(await readJson(request));
    const db = await getDb();
    await skipItem({ db, projectId: project.id, userId: user.id, itemId: body.itemId, reason: body.reason });
    return { progress: await annotatorProgress({ db, projectId: project.id, userId: user.id }) };
  }, 201);
}
