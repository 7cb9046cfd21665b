import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { importPredictions } from "@/db/queries/suggestions";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { importFailure } from "@/lib/import/import-failure";
import type { ImportFormat } from "@/lib/import/import-rows";
import { ITEM_FILE_FORMATS, itemFileFormat } from "@/lib/import/item-file-format";
import { parsePredictionRows } from "@/lib/import/prediction-rows";
import { respond } from "../../../respond";
import { uploadedBody } from "../../../uploaded-body";
import { querySchema } from "./schemas";

const READ_FORMATS: Record<(typeof ITEM_FILE_FORMATS)[number], ImportFormat> = {
  jsonl: { kind: "jsonl" },
  csv: { kind: "csv" },
  tsv: { kind: "csv", delimiter: "\t", quote: null },
};

/**
 * Imports external predictions (item, label or labels, score, model, model_version) as suggestions
 * of source "import". The file is the raw request body; it is imported whole or not at all, and
 * every problem names its line and field.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "importData");
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const body = uploadedBody(request);
    let format;
    try {
      format = itemFileFormat(query.fileName, query.format);
    } catch (error) {
      throw new GoldsetError("bad_request", (error as Error).message);
    }
    const db = await getDb();
    const parsed = await parsePredictionRows(body, READ_FORMATS[format], {
      labels: (await listLabels({ db, projectId: project.id })).map((label) => label.name),
      fields: { item: query.itemField },
    });
    if (parsed.problemCount > 0) throw importFailure(query.fileName, parsed);
    return await importPredictions({ db, projectId: project.id, actorId: user.id, fileName: query.fileName, format, rows: parsed.predictions });
  }, 201);
}
