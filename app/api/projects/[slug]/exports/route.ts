import { getDb } from "@/db";
import { createExportSnapshot, listExportSnapshots } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { readJson, respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "exportData");
    return { snapshots: await listExportSnapshots({ db: await getDb(), projectId: project.id }) };
  });
}

export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "exportData");
    const input = snapshotInputSchema.parse(await readJson(request));
    const snapshot = await createExportSnapshot({
      db: await getDb(),
      projectId: project.id,
      name: input.name,
      rules: snapshotRules(input, project),
      createdBy: user.id,
    });
    return { snapshot };
  }, 201);
}
