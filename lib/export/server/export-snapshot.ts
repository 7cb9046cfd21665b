// Writes one format of a stored snapshot to the exports folder and checks its hash against the
// one recorded the first time: the app's export button and `goldset export` both come here.
import "server-only";
import { eq } from "drizzle-orm";
import { join } from "node:path";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { recordExportHash, recordedExportHash, snapshotRecords } from "@/db/queries/exports";
import { listLabels, type ProjectRecord } from "@/db/queries/projects";
import { projectLabelNamesAsOf } from "@/db/queries/label-names";
import { env } from "@/lib/env";
import { snapshotCard } from "./snapshot-card";
import { assertFormatFitsTask, CURRENT_WRITER_VERSIONS, type ExportFormat } from "./format-writers";
import { writeExportFiles } from "./write-export-files";
import type { ExportFilesRequest } from "./export-thread-ops";
import type { ExportManifest } from "@/lib/export/content-hash";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";

type StoredSnapshot = {
  id: number;
  name: string;
  rules: SnapshotRules;
  counts: SnapshotCounts;
  hashes: Parameters<typeof recordedExportHash>[0];
  labelSetVersion: number;
  createdAt: Date;
  createdBy: string | null;
};

/** Writes one format of a snapshot's frozen records into `outDir`. */
export type ExportFilesWriter = (request: ExportFilesRequest & { snapshotId: number }) => Promise<ExportManifest>;

export function exportFolder(project: Pick<ProjectRecord, "slug">, snapshot: Pick<StoredSnapshot, "id">, format: ExportFormat): string {
  return join(env().GOLDSET_EXPORTS_DIR, project.slug, `snapshot-${snapshot.id}`, format);
}

export async function exportSnapshot({
  db,
  project,
  snapshot,
  format,
  outDir = exportFolder(project, snapshot, format),
  actorId,
  writeFiles = ({ snapshotId, ...request }) => writeExportFiles({ ...request, records: snapshotRecords({ db, snapshotId }) }),
}: {
  db: Db;
  project: ProjectRecord;
  snapshot: StoredSnapshot;
  format: ExportFormat;
  outDir?: string;
  actorId: string | null;
  /** Writes the files and returns their manifest: in this thread unless a job passes its worker thread's writer. */
  writeFiles?: ExportFilesWriter;
}): Promise<{ outDir: string; manifest: ExportManifest; firstTime: boolean; writerVersion: number }> {
  assertFormatFitsTask(format, project.taskType);
  const creator = snapshot.createdBy ? (await db.select({ name: users.name }).from(users).where(eq(users.id, snapshot.createdBy)).limit(1))[0] : undefined;
  // The names as they were when the snapshot was frozen: a later rename must not change its files.
  const labelNames = await projectLabelNamesAsOf({ db, projectId: project.id, at: snapshot.createdAt });
  const spans = project.taskType === "spans";
  // A label keeps its kind for life; a name renamed since reads as the task's default kind (an entity type).
  const kinds = spans ? new Map((await listLabels({ db, projectId: project.id })).map((label) => [label.name, label.kind])) : null;
  const isEntityType = (name: string) => (kinds?.get(name) ?? "entity") === "entity";
  const card = snapshotCard({
    snapshot,
    projectName: project.name,
    labelNames: spans ? labelNames.filter((name) => !isEntityType(name)) : labelNames,
    entityTypes: spans ? labelNames.filter(isEntityType) : undefined,
    // A spans project's item-level labels are a set per item, like a multi-label project's.
    multiLabel: project.taskType !== "single_label",
    createdByName: creator?.name ?? "goldset CLI",
  });
  // A format written before keeps the writer it was recorded with, so its hash still verifies.
  const writerVersion = recordedExportHash(snapshot.hashes, format)?.writer ?? CURRENT_WRITER_VERSIONS[format];
  const manifest = await writeFiles({ snapshotId: snapshot.id, format, writerVersion, card, outDir });
  const { firstTime } = await recordExportHash({ db, snapshotId: snapshot.id, format, writerVersion, sha256: manifest.sha256, actorId });
  return { outDir, manifest, firstTime, writerVersion };
}
