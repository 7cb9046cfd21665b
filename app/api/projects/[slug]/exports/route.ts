import { getDb } from "@/db";
import { listExportSnapshots } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestExportSnapshot } from "@/lib/export/server/export-jobs";
import { jobView } from "@/lib/jobs/job-view";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { readJson, respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "exportData");
    return { snapshots: await listExportSnapshots({ db: await getDb(), projectId: project.id }) };
  });
}

/** Queues the snapshot (an export-snapshot job) and answers with the job, which the export page follows. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "exportData");
    const input = snapshotInputSchema.parse(await readJson(request));
    const job = await requestExportSnapshot({
      db: await getDb(),
      projectId: project.id,
      name: input.name,
      rules: snapshotRules(input, project),
      createdBy: user.id,
    });
    return { job: jobView(job) };
  }, 202);
}
