/**
 * What follows an annotation import, from the app or the CLI: a new agreement snapshot (the import
 * can move agreement a lot at once) and a Dawid–Skene refit, which re-resolves the project's items.
 * Both are queued as jobs: the caller gets the jobs, and waits for them or not.
 */
import "server-only";
import type { Db } from "@/db";
import type { JobRecord } from "@/db/queries/jobs";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { requestAgreementSnapshot } from "@/lib/agreement/server/agreement-snapshot-job";

export async function afterAnnotationsImported({
  db,
  projectId,
  actorId,
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
}): Promise<{ agreement: JobRecord; refit: JobRecord }> {
  const agreement = await requestAgreementSnapshot({ db, projectId, trigger: "import", createdBy: actorId });
  return { agreement, refit: await requestDawidSkeneRefit({ db, projectId, trigger: "import", createdBy: actorId }) };
}
