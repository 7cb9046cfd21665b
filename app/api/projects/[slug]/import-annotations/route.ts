import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { importAnnotations, importLabelStudio } from "@/db/queries/annotation-import";
import { requireProjectAccess } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { asBadRequest } from "@/lib/errors";
import { annotationFileFormat, parseAnnotationFile } from "@/lib/import/annotation-file-format";
import { importFailure } from "@/lib/import/import-failure";
import { afterAnnotationsImported } from "@/lib/review/server/annotations-imported";
import { respond } from "../../../respond";
import { uploadedBody } from "../../../uploaded-body";
import { querySchema } from "./schemas";

/** Existing annotations (rows, or a Label Studio export with its tasks): one batch, all or nothing. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "importData");
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const body = uploadedBody(request);
    const format = asBadRequest(() => annotationFileFormat(query.fileName, query.format));
    const db = await getDb();
    const parsed = await parseAnnotationFile(body, format, {
      labels: (await listLabels({ db, projectId: project.id })).map((l) => l.name),
      fields: {
        ...(query.itemField ? { item: query.itemField } : {}),
        ...(query.annotatorField ? { annotator: query.annotatorField } : {}),
        ...(query.labelField ? { label: query.labelField } : {}),
      },
      maxTextBytes: env().GOLDSET_MAX_TEXT_BYTES,
    });
    if (parsed.parsed.problemCount > 0) throw importFailure(query.fileName, parsed.parsed);
    // An agreement snapshot and the Dawid–Skene fit follow the import: both read the whole
    // project, so both are jobs, queued before the answer and run after it.
    const followUp = () => afterAnnotationsImported({ db, projectId: project.id, actorId: user.id });
    if (parsed.kind === "label-studio") {
      const summary = await importLabelStudio({
        db,
        projectId: project.id,
        fileName: query.fileName,
        items: parsed.parsed.items,
        rows: parsed.parsed.annotations,
        actorId: user.id,
      });
      if ((summary.annotations?.inserted ?? 0) > 0) await followUp();
      return {
        inserted: summary.annotations?.inserted ?? 0,
        duplicates: summary.annotations?.duplicates ?? 0,
        items: summary.items,
        warnings: parsed.parsed.warnings.map((w) => w.message),
      };
    }
    const summary = await importAnnotations({ db, projectId: project.id, fileName: query.fileName, format, rows: parsed.parsed.annotations, actorId: user.id });
    if (summary.inserted > 0) await followUp();
    return { ...summary, warnings: parsed.parsed.warnings.map((w) => w.message) };
  }, 201);
}
