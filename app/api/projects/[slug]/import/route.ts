import { getDb } from "@/db";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { importItems } from "@/db/queries/items";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { enqueue } from "@/lib/jobs/enqueue-job";
import { jobView } from "@/lib/jobs/job-view";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { requireProjectAccess } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { asBadRequest } from "@/lib/errors";
import { itemFileFormat, parseItemFile } from "@/lib/import/item-file-format";
import { importFailure } from "@/lib/import/import-failure";
import { itemImportJob } from "@/lib/import/server/item-import-job";
import { importSpanFile } from "@/lib/import/server/span-file-import";
import { respond } from "../../../respond";
import { uploadedBody } from "../../../uploaded-body";
import { querySchema } from "./schemas";

/**
 * The file arrives as the raw request body and is parsed as a stream; the whole file is one
 * batch, inserted in one transaction, or not at all. New items are ranked into the queue (a
 * retrain job): the project's first import before this answers (this request runs the job unless a
 * runner got to it first), so the very first items anyone is served are the cold start's
 * diversity picks and never file order; later imports in the background.
 *
 * A file of GOLDSET_IMPORT_JOB_ITEMS items or more is checked here as any other (a bad file is
 * refused at once with its problems), then stored by an `item-import` job: the answer is 202 with
 * the job, which the import page follows to its outcome (lib/import/server/item-import-job.ts).
 *
 * A spans project's file brings its entities with its items (CoNLL, JSONL with offsets, Label
 * Studio): lib/import/server/span-file-import.ts.
 */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "importData");
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const body = uploadedBody(request);
    if (project.taskType === "spans") {
      const { format, offsets, fileName } = query;
      return await importSpanFile({ db: await getDb(), project, user, body, fileName, format, offsets, maxTextBytes: env().GOLDSET_MAX_TEXT_BYTES });
    }
    const format = asBadRequest(() => itemFileFormat(query.fileName, query.format));
    const parsed = await parseItemFile(body, format, {
      textField: query.textField,
      idField: query.idField,
      maxTextBytes: env().GOLDSET_MAX_TEXT_BYTES,
    });
    if (parsed.problemCount > 0) throw importFailure(query.fileName, parsed);
    const db = await getDb();
    if (parsed.items.length >= env().GOLDSET_IMPORT_JOB_ITEMS) {
      const job = await enqueue({
        db,
        kind: itemImportJob,
        projectId: project.id,
        payload: { fileName: query.fileName, format, warnings: parsed.warnings.map((w) => w.message), items: parsed.items },
        createdBy: user.id,
      });
      return Response.json({ job: jobView(job) }, { status: 202 });
    }
    const rankedBefore = (await latestClassifierVersion({ db, projectId: project.id })) !== undefined;
    const summary = await importItems({ db, projectId: project.id, fileName: query.fileName, format, records: parsed.items, actorId: user.id });
    if (summary.inserted > 0) {
      const ranking = await requestRetrain({ db, projectId: project.id, trigger: "import", createdBy: user.id });
      if (!rankedBefore) await runJobHere({ db, jobId: ranking.id, kinds: APP_JOB_KINDS, pollMs: 100 });
    }
    return { ...summary, warnings: parsed.warnings.map((w) => w.message) };
  }, 201);
}
