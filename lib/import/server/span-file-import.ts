/**
 * The item import of a spans project: a CoNLL, JSONL or Label Studio file whose items come with
 * the entities already marked. Items and spans are stored together or not at all, the spans as
 * annotations with source "import" in the file's import batch, exactly as the annotation import
 * stores imported classification labels (db/queries/annotation-import.ts): by the annotator the
 * file names (a JSONL `annotator`, a Label Studio `completed_by`), else by the importing account.
 * Then what follows either import: the first ranking of new items, and the agreement snapshot
 * after new annotations.
 *
 * Unlike an item file, a spans file is always stored in the request: the item-import job carries
 * items only, and a 20,000-sentence file stores in seconds.
 */
import "server-only";
import type { Db } from "@/db";
import { importItemsWithAnnotations } from "@/db/queries/annotation-import";
import { latestClassifierVersion } from "@/db/queries/classifier-versions";
import { listLabels, type ProjectRecord } from "@/db/queries/projects";
import type { UserRecord } from "@/db/queries/users";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { asBadRequest } from "@/lib/errors";
import { importFailure } from "@/lib/import/import-failure";
import type { OffsetUnit } from "@/lib/import/imported-spans";
import { parseSpanFile, spanFileFormat } from "@/lib/import/span-file-format";
import type { ByteSource } from "@/lib/import/utf8-lines";
import { APP_JOB_KINDS } from "@/lib/jobs/app-job-kinds";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { afterAnnotationsImported } from "@/lib/review/server/annotations-imported";

export interface SpanFileImportSummary {
  batch: number | null;
  /** New items, and items the project already had (same id, same text). */
  inserted: number;
  duplicates: number;
  /** Annotations carrying the file's spans: new ones, and ones identical to what the annotator already has. */
  annotations: { inserted: number; duplicates: number };
  warnings: string[];
}

export async function importSpanFile({
  db,
  project,
  user,
  body,
  fileName,
  format: explicitFormat,
  offsets,
  maxTextBytes,
}: {
  db: Db;
  project: Pick<ProjectRecord, "id" | "settings">;
  user: Pick<UserRecord, "id" | "email">;
  body: ByteSource;
  fileName: string;
  format?: string;
  offsets?: OffsetUnit;
  maxTextBytes: number;
}): Promise<SpanFileImportSummary> {
  const format = asBadRequest(() => spanFileFormat(fileName, explicitFormat));
  const labels = await listLabels({ db, projectId: project.id });
  const parsed = await parseSpanFile(body, format, {
    // Retired types take no new spans, as in an annotator's submission.
    entityTypes: labels.filter((l) => l.kind === "entity" && !l.retired).map((l) => l.name),
    allowOverlap: workflowSettings(project.settings).spans.allowOverlap,
    defaultAnnotator: user.email,
    maxTextBytes,
    ...(offsets ? { offsetUnit: offsets } : {}),
  });
  if (parsed.problemCount > 0) throw importFailure(fileName, parsed);
  const rankedBefore = (await latestClassifierVersion({ db, projectId: project.id })) !== undefined;
  const summary = await importItemsWithAnnotations({ db, projectId: project.id, fileName, format, items: parsed.items, rows: parsed.annotations, actorId: user.id });
  if (summary.items.inserted > 0) {
    const ranking = await requestRetrain({ db, projectId: project.id, trigger: "import", createdBy: user.id });
    if (!rankedBefore) await runJobHere({ db, jobId: ranking.id, kinds: APP_JOB_KINDS, pollMs: 100 });
  }
  if ((summary.annotations?.inserted ?? 0) > 0) await afterAnnotationsImported({ db, projectId: project.id, actorId: user.id });
  return {
    batch: summary.items.batch,
    inserted: summary.items.inserted,
    duplicates: summary.items.duplicates,
    annotations: { inserted: summary.annotations?.inserted ?? 0, duplicates: summary.annotations?.duplicates ?? 0 },
    warnings: parsed.warnings.map((w) => w.message),
  };
}
