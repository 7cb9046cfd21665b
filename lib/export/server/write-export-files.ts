// Server side of an export: runs one of lib/export's pure writers over a snapshot's records and
// writes its files under a folder, hashing every byte on the way (lib/export/content-hash).
import "server-only";
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { once } from "node:events";
import type { ExportRecordSource } from "@/lib/export/export-record";
import { ExportManifestBuilder, type ExportManifest } from "@/lib/export/content-hash";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { exportPieces, type ExportFormat } from "./format-writers";

// Exports hold every item's text and label: readable by the server's own user only.
const OWNER_ONLY_FOLDER = 0o700;
const OWNER_ONLY_FILE = 0o600;

/**
 * Writes the export into `outDir` and returns its manifest. Files go to a temporary folder first
 * and replace `outDir` only when every byte is written, so a failed export leaves nothing half-written.
 */
export async function writeExportFiles({
  format,
  writerVersion,
  records,
  card,
  outDir,
}: {
  format: ExportFormat;
  writerVersion: number;
  records: ExportRecordSource;
  card: DatasetCardSnapshot;
  outDir: string;
}): Promise<ExportManifest> {
  const partial = `${outDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  // Made up front: a snapshot with no records still exports (an empty folder), it does not crash.
  mkdirSync(partial, { recursive: true, mode: OWNER_ONLY_FOLDER });
  const manifest = new ExportManifestBuilder();
  const streams = new Map<string, WriteStream>();
  let complete = false;
  try {
    for await (const piece of exportPieces({ format, writerVersion, records, card })) {
      let stream = streams.get(piece.path);
      if (!stream) {
        const file = join(partial, piece.path);
        mkdirSync(dirname(file), { recursive: true, mode: OWNER_ONLY_FOLDER });
        stream = createWriteStream(file, { mode: OWNER_ONLY_FILE });
        streams.set(piece.path, stream);
      }
      manifest.add(piece.path, piece.chunk);
      if (!stream.write(piece.chunk)) await once(stream, "drain");
    }
    complete = true;
  } finally {
    await Promise.all([...streams.values()].map((s) => new Promise((resolve) => s.end(resolve))));
    if (!complete) rmSync(partial, { recursive: true, force: true });
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true, mode: OWNER_ONLY_FOLDER });
  renameSync(partial, outDir);
  return manifest.build();
}
