import { getDb } from "@/db";
import { countGoldItems } from "@/db/queries/gold";
import { getGoldSettings, saveGoldSettings } from "@/db/queries/gold-settings";
import { listExportSnapshots } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson, respond } from "../../../../respond";
import { changesSchema } from "./schemas";

/** The gold-check knobs, how many gold items are in force, and the snapshots a gold set can come from. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    const db = await getDb();
    const snapshots = await listExportSnapshots({ db, projectId: project.id });
    return {
      settings: await getGoldSettings({ db, projectId: project.id }),
      goldItems: await countGoldItems({ db, projectId: project.id }),
      snapshots: snapshots.map((s) => ({ id: s.id, name: s.name, items: s.counts.items ?? 0 })),
    };
  });
}

/** A lead changes the gold rate, threshold, minimum answers or action (audited). */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const changes = changesSchema.parse(await readJson(request));
    return { settings: await saveGoldSettings({ db: await getDb(), projectId: project.id, actorId: user.id, changes }) };
  });
}
