// A SnapshotFreezer whose computing (the split's plan, each page's records) runs on a job's worker
// thread, the export-snapshot job's: db/queries/exports.ts sends the pages it reads.
import "server-only";
import type { SnapshotFreezer } from "@/lib/export/snapshot-freezer";
import type { FrozenRecord, SnapshotTally } from "@/lib/export/snapshot-records";
import type { JobThread } from "@/lib/jobs/job-thread";

export function freezerOnThread(thread: JobThread): SnapshotFreezer {
  return {
    startPlan: (settings) => thread.call<void>("freezer.startPlan", settings),
    addToPlan: (items) => thread.call<void>("freezer.addToPlan", items),
    planSplit: () => thread.call<void>("freezer.planSplit", null),
    freeze: (page, annotations, rules) => thread.call<FrozenRecord[]>("freezer.freeze", { page, annotations, rules: { includeAnnotations: rules.includeAnnotations } }),
    tally: () => thread.call<SnapshotTally>("freezer.tally", null),
  };
}
