import { getDb } from "@/db";
import { listLabels, updateProjectSettings } from "@/db/queries/projects";
import { requireProjectAccess } from "@/lib/auth/guard";
import { projectSettingsSchema } from "@/lib/projects/project-input";
import { readJson, respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    return { project, labels: await listLabels({ db: await getDb(), projectId: project.id }) };
  });
}

export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = projectSettingsSchema.parse(await readJson(request));
    return { project: await updateProjectSettings({ db: await getDb(), projectId: project.id, actorId: user.id, changes }) };
  });
}
