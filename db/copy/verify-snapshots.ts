// After a copy, every export snapshot must still reproduce its recorded hashes when read from the
// target: for each snapshot and each format it recorded, the frozen records are read from
// PostgreSQL and written by the recorded writer version through the app's own writers
// (lib/export/server/format-writers.ts), hashed as the app hashes them, and compared.
import { and, asc, eq, gt } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { exportSnapshotRecords, exportSnapshots, labels, projects, users } from "../schema-pg";
import { pagedRecords, recordedExportHash, SNAPSHOT_RECORD_PAGE } from "../queries/exports";
import { EXPORT_FORMATS, exportPieces, type ExportFormat } from "@/lib/export/server/format-writers";
import { snapshotCard } from "@/lib/export/server/snapshot-card";
import { manifestOf } from "@/lib/export/content-hash";
import type { ExportRecord } from "@/lib/export/export-record";
import { GoldsetError } from "@/lib/errors";

export type SnapshotCheck = { snapshotId: number; name: string; format: string; writer: number; sha256: string };

function frozenRecords(db: NodePgDatabase, snapshotId: number, checkpoint: () => void): AsyncGenerator<ExportRecord> {
  return pagedRecords((after) => {
    checkpoint();
    return db
      .select({ itemId: exportSnapshotRecords.itemId, record: exportSnapshotRecords.record })
      .from(exportSnapshotRecords)
      .where(and(eq(exportSnapshotRecords.snapshotId, snapshotId), gt(exportSnapshotRecords.itemId, after)))
      .orderBy(asc(exportSnapshotRecords.itemId))
      .limit(SNAPSHOT_RECORD_PAGE);
  });
}

/** Checks every recorded hash of every snapshot on `db`; throws a GoldsetError naming the first that does not match. */
export async function verifySnapshots(db: NodePgDatabase, checkpoint: () => void = () => undefined): Promise<SnapshotCheck[]> {
  const checks: SnapshotCheck[] = [];
  const snapshots = await db.select().from(exportSnapshots).orderBy(asc(exportSnapshots.id));
  for (const snapshot of snapshots) {
    const formats = Object.keys(snapshot.hashes);
    if (formats.length === 0) continue;
    const project = (await db.select().from(projects).where(eq(projects.id, snapshot.projectId)).limit(1))[0]!;
    const projectLabels = await db.select({ name: labels.name, kind: labels.kind }).from(labels).where(eq(labels.projectId, project.id)).orderBy(asc(labels.position));
    const creator = snapshot.createdBy ? (await db.select({ name: users.name }).from(users).where(eq(users.id, snapshot.createdBy)).limit(1))[0] : undefined;
    // The card as exportSnapshot builds it: a spans project's entity types apart from its item labels.
    const spans = project.taskType === "spans";
    const card = snapshotCard({
      snapshot,
      projectName: project.name,
      labelNames: projectLabels.filter((l) => !spans || l.kind === "item").map((l) => l.name),
      entityTypes: spans ? projectLabels.filter((l) => l.kind === "entity").map((l) => l.name) : undefined,
      multiLabel: project.taskType !== "single_label",
      createdByName: creator?.name ?? "goldset CLI",
    });
    for (const format of formats) {
      const recorded = recordedExportHash(snapshot.hashes, format)!;
      const where = `snapshot "${snapshot.name}" (id ${snapshot.id}, project ${project.slug}), format ${format} (writer ${recorded.writer})`;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new GoldsetError("conflict", `${where}: unknown export format`);
      const manifest = await manifestOf(
        exportPieces({ format: format as ExportFormat, writerVersion: recorded.writer, records: frozenRecords(db, snapshot.id, checkpoint), card }),
      );
      if (manifest.sha256 !== recorded.sha256) {
        throw new GoldsetError("conflict", `${where}: re-exported from the copy it hashes to ${manifest.sha256}, not the recorded ${recorded.sha256}; the copy was rolled back`);
      }
      checks.push({ snapshotId: snapshot.id, name: snapshot.name, format, writer: recorded.writer, sha256: manifest.sha256 });
    }
  }
  return checks;
}
