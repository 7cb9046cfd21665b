// One written export folder as a single zip download (the Hugging Face folder keeps its data/
// layout inside). The zip is byte-reproducible: entries in path order, the same fixed timestamp on
// each, the same deflate settings and file chunking, so the same folder always zips to the same
// bytes. fflate is pure JavaScript, so no zlib upgrade can change them either.
import { createReadStream, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Zip, ZipDeflate } from "fflate";
import { createSha256Digest, exportSha256, type ExportManifest } from "@/lib/export/content-hash";

const READ_CHUNK = 64 * 1024;

/**
 * 1980-01-01 00:00, the earliest time a zip entry can state. Zip times are local time and fflate
 * reads the local fields of the date, so it is built from local fields, in the zone of the moment:
 * the same entry time in every zone.
 */
function entryTime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}

/** Every file under the folder, as `/`-separated paths relative to it, in code-unit order. */
export function exportFolderFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** The manifest of the files as they are on disk, to check against the hash the snapshot recorded. */
export async function folderManifest(folder: string, paths: readonly string[]): Promise<ExportManifest> {
  const files = [];
  for (const path of paths) {
    const digest = createSha256Digest();
    for await (const chunk of createReadStream(join(folder, path), { highWaterMark: READ_CHUNK })) digest.update(chunk as Buffer);
    files.push({ path, ...digest.finish() });
  }
  return { files, sha256: exportSha256(files) };
}

/** The zip of the given files of the folder, streamed: one file is read at a time, a chunk at a time. */
export async function* zipExportFolder(folder: string, paths: readonly string[]): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  // ZipDeflate works synchronously: each push has produced its output by the time it returns.
  const flush = function* () {
    if (failure) throw failure;
    yield* out.splice(0);
  };
  for (const path of paths) {
    const entry = new ZipDeflate(path, { level: 6, mem: 8 });
    entry.mtime = entryTime();
    zip.add(entry);
    for await (const chunk of createReadStream(join(folder, path), { highWaterMark: READ_CHUNK })) {
      entry.push(new Uint8Array(chunk as Buffer), false);
      yield* flush();
    }
    entry.push(new Uint8Array(0), true);
    yield* flush();
  }
  zip.end();
  yield* flush();
}
