import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import { getDb, type Db } from "@/db";
import { getProjectBySlug, listLabels } from "@/db/queries/projects";
import { importAnnotations, importLabelStudio } from "@/db/queries/annotation-import";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { afterAnnotationsImported } from "@/lib/review/server/annotations-imported";
import { env } from "@/lib/env";
import { asBadRequest, GoldsetError } from "@/lib/errors";
import { annotationFileFormat, parseAnnotationFile } from "@/lib/import/annotation-file-format";
import { importFailure } from "@/lib/import/import-failure";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const USAGE =
  "goldset import-annotations --project S --file F [--format jsonl|csv|tsv|label-studio] [--item-field item] [--annotator-field annotator] [--label-field label]";

/** Existing multi-rater data: `item, annotator, label` rows, or a Label Studio JSON export (items too). */
export async function importAnnotationsCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      project: { type: "string" },
      file: { type: "string" },
      format: { type: "string" },
      "item-field": { type: "string" },
      "annotator-field": { type: "string" },
      "label-field": { type: "string" },
    },
    USAGE,
  );
  const slug = requireFlag(flags.project, "project", USAGE);
  const file = requireFlag(flags.file, "file", USAGE);
  if (!existsSync(file)) throw new GoldsetError("not_found", `no such file: ${file}`);
  const format = asBadRequest(() => annotationFileFormat(file, flags.format));
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);
  const fields = {
    ...(flags["item-field"] ? { item: flags["item-field"] } : {}),
    ...(flags["annotator-field"] ? { annotator: flags["annotator-field"] } : {}),
    ...(flags["label-field"] ? { label: flags["label-field"] } : {}),
  };
  const parsed = await parseAnnotationFile(createReadStream(file, { highWaterMark: 1 << 16 }), format, {
    labels: (await listLabels({ db, projectId: project.id })).map((l) => l.name),
    fields,
    maxTextBytes: env().GOLDSET_MAX_TEXT_BYTES,
  });
  if (parsed.parsed.problemCount > 0) throw importFailure(basename(file), parsed.parsed);
  if (parsed.kind === "label-studio") {
    const summary = await importLabelStudio({
      db,
      projectId: project.id,
      fileName: basename(file),
      items: parsed.parsed.items,
      rows: parsed.parsed.annotations,
      actorId: null,
    });
    const followUp = (summary.annotations?.inserted ?? 0) > 0 ? await refitAfterImport(db, project.id) : null;
    printJson({
      ...summary,
      cancelledAnnotations: parsed.parsed.cancelledAnnotations,
      goldsetResolutionsSkipped: parsed.parsed.goldsetResolutions,
      predictionsSkipped: parsed.parsed.predictions.length,
      dawidSkene: followUp,
    });
    return 0;
  }
  const summary = await importAnnotations({ db, projectId: project.id, fileName: basename(file), format, rows: parsed.parsed.annotations, actorId: null });
  const followUp = summary.inserted > 0 ? await refitAfterImport(db, project.id) : null;
  printJson({ ...summary, dawidSkene: followUp });
  return 0;
}

/**
 * The agreement snapshot and refit that follow an import, run here rather than left to a server
 * (none may be running): the refit's result, or what stopped it.
 */
async function refitAfterImport(db: Db, projectId: string): Promise<unknown> {
  const { agreement, refit } = await afterAnnotationsImported({ db, projectId, actorId: null });
  const snapshot = await runJobHere({ db, jobId: agreement.id, kinds: APP_JOB_KINDS });
  if (snapshot.state !== "succeeded") process.stderr.write(`the agreement snapshot after the import ${snapshot.state}: ${snapshot.error}\n`);
  const done = await runJobHere({ db, jobId: refit.id, kinds: APP_JOB_KINDS });
  return done.state === "succeeded" ? done.result : { status: done.state, error: done.error };
}
