import { getDb } from "@/db";
import { getExportSnapshotById } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { exportFolder } from "@/lib/export/server/export-snapshot";
import { requestExportFiles } from "@/lib/export/server/export-jobs";
import { assertFormatFitsTask } from "@/lib/export/server/format-writers";
import { jobView } from "@/lib/jobs/job-view";
import { readJson, respond } from "../../../../../respond";
import { bodySchema } from "./schemas";

/** Queues writing one format of the snapshot on the server (an export-files job) and answers with the job; its result holds the manifest. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, id } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "exportData");
    const { format } = bodySchema.parse(await readJson(request));
    assertFormatFitsTask(format, project.taskType);
    const db = await getDb();
    const snapshot = await getExportSnapshotById({ db, projectId: project.id, id: Number(id) });
    if (!snapshot) throw new GoldsetError("not_found", `No snapshot ${id} in this project.`);
    const job = await requestExportFiles({ db, projectId: project.id, snapshotId: snapshot.id, format, outDir: exportFolder(project, snapshot, format), actorId: user.id });
    return { job: jobView(job) };
  }, 202);
}
