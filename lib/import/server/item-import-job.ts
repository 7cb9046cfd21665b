/**
 * The `item-import` job: stores a large item file (GOLDSET_IMPORT_JOB_ITEMS items or more) that the
 * upload route has parsed and checked, so the upload answers at once (202 with the job) rather than
 * after a long insert, and an instance that dies midway leaves the import to another
 * (docs/decisions/0004). The payload carries the parsed items until they are stored; the import is
 * still all-or-nothing (one transaction, db/queries/items.ts importItemsForJob), and in that
 * transaction the payload trades the items for the outcome, so a takeover never imports twice and
 * the jobs table does not keep the file.
 *
 * An import refused for its content (an id already in the project with another text) is an
 * outcome, not a failure to retry: the job succeeds with the problems (file, line, field), which
 * the import page shows as it shows a refused upload.
 */
import "server-only";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { importItemsForJob, type ImportSummary, type NewItem } from "@/db/queries/items";
import { replaceJobPayload } from "@/db/queries/jobs";
import { requestRetrain, retrainJob } from "@/lib/active-learning/server/retrain-scheduler";
import { GoldsetError, type Problem } from "@/lib/errors";
import type { JobKind } from "@/lib/jobs/job-kind";
import { runJobHere } from "@/lib/jobs/run-job-here";

export type ItemImportResult =
  | ({ readonly outcome: "imported"; readonly warnings: string[] } & ImportSummary)
  | { readonly outcome: "refused"; readonly message: string; readonly problems: Problem[] };

type ItemImportPayload = {
  fileName: string;
  format: string;
  warnings: string[];
  /** The parsed items, until an attempt has stored them (or found them refused). */
  items?: NewItem[];
  result?: ItemImportResult;
};

export const itemImportJob: JobKind<ItemImportPayload, ItemImportResult> = {
  kind: "item-import",
  maxAttempts: 3,
  async run({ db, job, payload, reportProgress }) {
    const projectId = job.projectId!;
    const { fileName, format, warnings } = payload;
    // Whether the project had a ranking before these items: the first import is ranked before the job ends, as the upload route does for a small file.
    const rankedBefore = (await latestClassifierVersion({ db, projectId })) !== undefined;
    let result = payload.result;
    if (result === undefined) {
      const records = payload.items ?? [];
      await reportProgress({ done: 0, total: records.length, message: "storing the items" });
      // The owner this attempt claimed the job as: only while it still holds the lease does the import commit.
      const owner = job.leaseOwner!;
      try {
        const summary = await importItemsForJob({
          db,
          jobId: job.id,
          owner,
          projectId,
          fileName,
          format,
          records,
          actorId: job.createdBy,
          settled: (stored) => ({ fileName, format, warnings, result: { outcome: "imported", warnings, ...stored } }),
        });
        if (summary === null) throw new Error(`job ${job.id}: the lease passed to another runner, which imports ${fileName}`);
        result = { outcome: "imported", warnings, ...summary };
      } catch (error) {
        if (!(error instanceof GoldsetError && error.code === "invalid_import")) throw error;
        result = { outcome: "refused", message: error.message, problems: error.problems };
        await replaceJobPayload({ db, jobId: job.id, owner, payload: { fileName, format, warnings, result } });
      }
      await reportProgress({ done: records.length, total: records.length, message: result.outcome === "imported" ? "stored" : "refused" });
    }
    if (result.outcome === "imported" && result.inserted > 0) {
      const ranking = await requestRetrain({ db, projectId, trigger: "import", createdBy: job.createdBy });
      if (ranking && !rankedBefore) await runJobHere({ db, jobId: ranking.id, kinds: [retrainJob], pollMs: 100 });
    }
    return result;
  },
};
