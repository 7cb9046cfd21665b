// One written export folder as a single zip download (the Hugging Face folder keeps its data/
// layout inside), hashed over the very bytes it zips. The zip is byte-reproducible: entries in
// path order, the same fixed timestamp on each, the same deflate settings and file chunking, so
// the same folder always zips to the same bytes. fflate is pure JavaScript, so no zlib upgrade can change them either.
import "server-only";
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

export type VerifiedArchive = {
  /** The manifest of exactly the bytes in the zip, to check against the hash the snapshot recorded. */
  manifest: ExportManifest;
  /** The zip, compressed, in order. */
  zip: Uint8Array[];
};

/**
 * Zips the given files of the folder and hashes them in the same pass, over the same bytes: each
 * file is read once, a chunk at a time, and every chunk goes to both its digest and the zip. The
 * caller checks the manifest before sending the zip, so a file rewritten while the download is
 * prepared or sent can never mix into a zip that was checked against other bytes. Only the
 * compressed zip is held in memory.
 */
export async function zipVerifiedExportFolder(folder: string, paths: readonly string[]): Promise<VerifiedArchive> {
  const zipped: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else zipped.push(chunk);
  });
  const files = [];
  for (const path of paths) {
    const entry = new ZipDeflate(path, { level: 6, mem: 8 });
    entry.mtime = entryTime();
    zip.add(entry);
    const digest = createSha256Digest();
    for await (const chunk of createReadStream(join(folder, path), { highWaterMark: READ_CHUNK })) {
      const bytes = new Uint8Array(chunk as Buffer);
      digest.update(chunk as Buffer);
      entry.push(bytes, false);
    }
    entry.push(new Uint8Array(0), true);
    files.push({ path, ...digest.finish() });
  }
  zip.end();
  // ZipDeflate works synchronously: every push has produced its output by now.
  if (failure) throw failure;
  return { manifest: { files, sha256: exportSha256(files) }, zip: zipped };
}
