import { existsSync } from "node:fs";
import { getDb } from "@/db";
import { getExportSnapshotById, recordedExportHash } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/server/format-writers";
import { exportFolder } from "@/lib/export/server/export-snapshot";
import { exportFolderFiles, zipVerifiedExportFolder } from "@/lib/export/server/export-archive";
import { respond } from "../../../../../../respond";

type Ctx = { params: Promise<{ slug: string; id: string; format: string }> };

/**
 * One written export format as a single zip (the Hugging Face folder with its data/ layout). The
 * zip is built and hashed in one pass over the same bytes, and sent only once that hash matches
 * the one the snapshot recorded, so it holds exactly the snapshot's bytes even if the folder is
 * rewritten meanwhile.
 */
export async function GET(_request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, id, format } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "exportData");
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new GoldsetError("not_found", `Unknown export format "${format}".`);
    const snapshot = await getExportSnapshotById({ db: await getDb(), projectId: project.id, id: Number(id) });
    if (!snapshot) throw new GoldsetError("not_found", `No snapshot ${id} in this project.`);
    const folder = exportFolder(project, snapshot, format as ExportFormat);
    const recorded = recordedExportHash(snapshot.hashes, format);
    if (!recorded || !existsSync(folder)) throw new GoldsetError("not_found", `The ${format} export of this snapshot is not written yet: write it first.`);
    const archive = await zipVerifiedExportFolder(folder, exportFolderFiles(folder));
    if (archive.manifest.sha256 !== recorded.sha256) {
      throw new GoldsetError("conflict", `The written ${format} files no longer match the hash this snapshot recorded; write the format again, then download.`);
    }
    const name = `${project.slug}-${snapshot.name}-${format}.zip`.replace(/[^\w.\-]/g, "_");
    return new Response(new Blob(archive.zip as BlobPart[]), {
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${name}"` },
    });
  });
}
