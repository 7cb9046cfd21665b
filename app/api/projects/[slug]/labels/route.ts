import { z } from "zod";
import { getDb } from "@/db";
import { saveLabels } from "@/db/queries/projects";
import { requireProjectAccess } from "@/lib/auth/guard";
import { labelSetSchema } from "@/lib/projects/project-input";
import { readJson, respond } from "../../../respond";

const bodySchema = z.object({ labels: labelSetSchema });

export async function PUT(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { labels } = bodySchema.parse(await readJson(request));
    return { labels: await saveLabels({ db: await getDb(), projectId: project.id, actorId: user.id, labelDefs: labels }) };
  });
}
