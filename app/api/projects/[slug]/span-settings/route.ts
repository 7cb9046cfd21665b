import { getDb } from "@/db";
import { getSpanSettings, saveSpanSettings } from "@/db/queries/span-settings";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../../respond";
import { changesSchema } from "./schemas";

const NOT_SPANS = "This project classifies whole items; span settings belong to a spans project.";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    if (project.taskType !== "spans") throw new GoldsetError("bad_request", NOT_SPANS);
    return { settings: await getSpanSettings({ db: await getDb(), projectId: project.id }) };
  });
}

/**
 * A lead changes how spans are marked or resolved. A new majority changes resolutions, so every
 * item is re-resolved by the job a review-settings change queues (for a spans project it fits no
 * model and only re-resolves). Spans stored under the old overlap rule stay as they were.
 */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = changesSchema.parse(await readJson(request));
    if (project.taskType !== "spans") throw new GoldsetError("bad_request", NOT_SPANS);
    const db = await getDb();
    const settings = await saveSpanSettings({ db, projectId: project.id, actorId: user.id, changes });
    if (changes.majority !== undefined) await requestDawidSkeneRefit({ db, projectId: project.id, trigger: "settings", createdBy: user.id });
    return { settings };
  });
}
