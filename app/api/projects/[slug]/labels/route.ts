import { getDb } from "@/db";
import { saveLabels } from "@/db/queries/projects";
import { changeLabel, changesReadings } from "@/db/queries/label-management";
import { requireProjectAccess } from "@/lib/auth/guard";
import { labelChangeSchema } from "@/lib/projects/label-change-input";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { readJson, respond } from "../../../respond";
import { bodySchema } from "./schemas";

export async function PUT(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { labels } = bodySchema.parse(await readJson(request));
    return { labels: await saveLabels({ db: await getDb(), projectId: project.id, actorId: user.id, labelDefs: labels }) };
  });
}

/** One change from the label manager; the project's labels as they stand after it. */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const change = labelChangeSchema.parse(await readJson(request));
    const db = await getDb();
    const labels = await changeLabel({ db, projectId: project.id, actorId: user.id, change });
    // Stored resolutions were computed under the old readings: the refit job (trigger "settings")
    // refits Dawid–Skene under the new names and re-resolves every item, with progress.
    const job = changesReadings(change) ? await requestDawidSkeneRefit({ db, projectId: project.id, trigger: "settings", createdBy: user.id }) : null;
    return { labels, reresolveJobId: job?.id ?? null };
  });
}
