import { createReadStream, existsSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { getDb } from "@/db";
import { getExportSnapshotById } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/server/format-writers";
import { exportFolder } from "@/lib/export/server/export-snapshot";
import { exportFileContentType } from "@/lib/export/server/export-content-type";
import { respond } from "../../../../../../../respond";

type Ctx = { params: Promise<{ slug: string; id: string; format: string; path: string[] }> };

/** Downloads one written export file; the path must stay inside that export's folder. */
export async function GET(_request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, id, format, path } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "exportData");
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new GoldsetError("not_found", `Unknown export format "${format}".`);
    const snapshot = await getExportSnapshotById({ db: await getDb(), projectId: project.id, id: Number(id) });
    if (!snapshot) throw new GoldsetError("not_found", `No snapshot ${id} in this project.`);
    const folder = resolve(exportFolder(project, snapshot, format as ExportFormat));
    const file = resolve(folder, ...path);
    if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
      throw new GoldsetError("not_found", "No such export file: write this format first.");
    }
    const name = path[path.length - 1] ?? "export";
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
      headers: {
        "content-type": exportFileContentType(name),
        "content-disposition": `attachment; filename="${name.replace(/[^\w.\-]/g, "_")}"`,
      },
    });
  });
}
