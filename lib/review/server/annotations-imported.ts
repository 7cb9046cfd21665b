/**
 * What follows an annotation import, from the app or the CLI: a new agreement snapshot (the import
 * can move agreement a lot at once) and a Dawid–Skene refit, which re-resolves the project's items.
 * The refit is queued as a job: the caller gets the job, and waits for it or not.
 */
import "server-only";
import type { Db } from "@/db";
import { saveAgreementSnapshot } from "@/db/queries/agreement";
import type { JobRecord } from "@/db/queries/jobs";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";

export async function afterAnnotationsImported({
  db,
  projectId,
  actorId,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
}): Promise<{ refit: JobRecord }> {
  await saveAgreementSnapshot({ db, projectId, trigger: "import", createdBy: actorId });
  return { refit: await requestDawidSkeneRefit({ db, projectId, trigger: "import", createdBy: actorId }) };
}
