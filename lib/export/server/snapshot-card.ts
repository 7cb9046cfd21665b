// The dataset-card view of a stored snapshot: everything the HF card states comes from the
// snapshot row, never from the clock at export time, so re-exports stay byte-identical.
import "server-only";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";

export function snapshotCard({
  snapshot,
  projectName,
  labelNames,
  entityTypes,
  multiLabel,
  createdByName,
}: {
  snapshot: {
    id: number;
    name: string;
    rules: SnapshotRules;
    counts: SnapshotCounts;
    labelSetVersion: number;
    createdAt: Date;
  };
  projectName: string;
  labelNames: string[];
  /** A spans project's entity types; absent for classification, whose cards stay byte-identical. */
  entityTypes?: string[];
  multiLabel: boolean;
  createdByName: string;
}): DatasetCardSnapshot {
  const { rules } = snapshot;
  const agreement = snapshot.counts.agreement;
  return {
    snapshotId: String(snapshot.id),
    snapshotVersion: snapshot.id,
    projectName,
    title: `${projectName}: ${snapshot.name}`,
    license: rules.license,
    createdBy: createdByName,
    createdAt: snapshot.createdAt.toISOString(),
    labelSet: { version: snapshot.labelSetVersion, names: labelNames, multiLabel, ...(entityTypes ? { entityTypes } : {}) },
    rules: [
      { name: "decided by", value: rules.decidedBy.join(", ") },
      { name: "minimum annotations", value: rules.minAnnotations },
      { name: "raw annotations included", value: rules.includeAnnotations },
      // Only where a lead excluded items, so the cards of other snapshots (and of every snapshot
      // made before exclusions existed) stay byte-identical.
      ...(snapshot.counts.excluded ? [{ name: "items excluded from exports by a lead", value: snapshot.counts.excluded }] : []),
    ],
    agreement: [
      { measure: "Krippendorff's alpha (nominal)", value: agreement?.krippendorff ?? null, scope: "all current annotations" },
      { measure: "Fleiss' kappa", value: agreement?.fleiss ?? null, scope: "all current annotations" },
      { measure: "mean pairwise Cohen's kappa", value: agreement?.cohen ?? null, scope: "all current annotations" },
      { measure: "percent agreement", value: agreement?.percent ?? null, scope: "all current annotations" },
    ],
    ...(rules.split ? { split: rules.split } : {}),
    ...(rules.overlap === undefined ? {} : { coverage: { overlap: rules.overlap, minAnnotations: rules.minAnnotations } }),
  };
}
