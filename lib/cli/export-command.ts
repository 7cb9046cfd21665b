import { resolve } from "node:path";
import { getDb } from "@/db";
import { getProjectBySlug } from "@/db/queries/projects";
import { getExportSnapshot } from "@/db/queries/exports";
import type { JobRecord } from "@/db/queries/jobs";
import { GoldsetError } from "@/lib/errors";
import { requestExportFiles, requestExportSnapshot, type FilesJobResult } from "@/lib/export/server/export-jobs";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/server/format-writers";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { parseFlags, printJson, requireFlag } from "./args";

const USAGE =
  "goldset export --project S --snapshot NAME --format jsonl|csv|hf|label-studio|conll (spans projects) --out DIR [--decided-by adjudicated,unanimous,single,majority,dawid-skene] [--min-annotations K (default: the project's overlap)] [--split 0.8,0.1,0.1] [--seed N] [--with-annotations] [--license ID]";

/**
 * Exports an existing snapshot, or makes it first (with the rule flags) when the name is new. Both
 * steps are the app's jobs (export-snapshot, export-files), run here to their end.
 */
export async function exportCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      project: { type: "string" },
      snapshot: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      "decided-by": { type: "string" },
      "min-annotations": { type: "string" },
      split: { type: "string" },
      seed: { type: "string", default: "42" },
      "with-annotations": { type: "boolean", default: false },
      license: { type: "string", default: "other" },
    },
    USAGE,
  );
  const slug = requireFlag(flags.project, "project", USAGE);
  const name = requireFlag(flags.snapshot, "snapshot", USAGE);
  const format = requireFlag(flags.format, "format", USAGE);
  const out = resolve(requireFlag(flags.out, "out", USAGE));
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new GoldsetError("bad_request", `--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  let snapshot = await getExportSnapshot({ db, projectId: project.id, name });
  if (!snapshot) {
    const [train, validation, test] = (flags.split ?? "").split(",").map(Number);
    const parsed = snapshotInputSchema.safeParse({
      name,
      ...(flags["decided-by"] === undefined ? {} : { decidedBy: flags["decided-by"].split(",").map((s) => s.trim()) }),
      ...(flags["min-annotations"] === undefined ? {} : { minAnnotations: Number(flags["min-annotations"]) }),
      includeAnnotations: flags["with-annotations"],
      license: flags.license,
      ...(flags.split ? { split: { train, validation, test, seed: Number(flags.seed) } } : {}),
    });
    if (!parsed.success) {
      throw new GoldsetError(
        "bad_request",
        `invalid snapshot rules\nusage: ${USAGE}`,
        parsed.error.issues.map((i) => ({ field: i.path.join("."), message: `${i.path.join(".")}: ${i.message}` })),
      );
    }
    await ranHere(await requestExportSnapshot({ db, projectId: project.id, name, rules: snapshotRules(parsed.data, project), createdBy: null }));
    snapshot = (await getExportSnapshot({ db, projectId: project.id, name }))!;
    process.stderr.write(`created snapshot "${name}" with ${String(snapshot.counts.items ?? 0)} items\n`);
  }
  const files = await ranHere(await requestExportFiles({ db, projectId: project.id, snapshotId: snapshot.id, format: format as ExportFormat, outDir: out, actorId: null }));
  const result = files.result as FilesJobResult;
  printJson({ snapshot: name, format, writerVersion: result.writerVersion, out: result.outDir, sha256: result.manifest.sha256, files: result.manifest.files });
  return 0;

  /** Runs the job in this process to its end; a failed job's error is the command's. */
  async function ranHere(job: JobRecord): Promise<JobRecord> {
    const done = await runJobHere({ db, jobId: job.id, kinds: APP_JOB_KINDS });
    if (done.state !== "succeeded") throw new GoldsetError("conflict", `the ${done.kind} job ${done.state}: ${done.error ?? "no error recorded"}`);
    return done;
  }
}
