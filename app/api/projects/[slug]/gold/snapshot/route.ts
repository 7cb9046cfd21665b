import { getDb } from "@/db";
import { markGoldSetFromSnapshot } from "@/db/queries/gold";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../../respond";
import { bodySchema } from "./schemas";

/** A lead makes a snapshot's items gold, each with the snapshot's final label(s) as its answer. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { snapshotId } = bodySchema.parse(await readJson(request));
    return await markGoldSetFromSnapshot({ db: await getDb(), projectId: project.id, actorId: user.id, snapshotId });
  });
}
