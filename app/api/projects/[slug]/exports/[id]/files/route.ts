import { z } from "zod";
import { getDb } from "@/db";
import { getExportSnapshotById } from "@/db/queries/exports";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { EXPORT_FORMATS } from "@/lib/export/server/format-writers";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { readJson, respond } from "../../../../../respond";

const bodySchema = z.object({ format: z.enum(EXPORT_FORMATS) });

/** Writes one format of the snapshot on the server and answers with its manifest. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, id } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "exportData");
    const { format } = bodySchema.parse(await readJson(request));
    const db = await getDb();
    const snapshot = await getExportSnapshotById({ db, projectId: project.id, id: Number(id) });
    if (!snapshot) throw new GoldsetError("not_found", `No snapshot ${id} in this project.`);
    const { manifest, firstTime, writerVersion } = await exportSnapshot({ db, project, snapshot, format, actorId: user.id });
    return { format, writerVersion, manifest, firstTime };
  });
}
