import { createHash, type Hash } from "node:crypto";

import type { ExportChunk, ExportFilePiece, FileDigest } from "@/lib/export/export-stream";

/**
 * Content hashes of export files, server-side only (node:crypto; the writers themselves stay pure).
 *
 * Each file: SHA-256 of its UTF-8 bytes. The whole export: SHA-256 over the files sorted by path
 * (UTF-16 code-unit order), each contributing the line `<path>\n<bytes>\n<sha256 hex>\n`. Binding
 * every file's path, length and digest in a fixed order makes the export hash change when any byte,
 * name or file changes, while any single file can be checked against the manifest on its own.
 */

export type ExportManifestEntry = { path: string; bytes: number; sha256: string };
export type ExportManifest = { files: ExportManifestEntry[]; sha256: string };

export function createSha256Digest(): FileDigest {
  const hash: Hash = createHash("sha256");
  let bytes = 0;
  return {
    update(chunk: ExportChunk) {
      const encoded = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      hash.update(encoded);
      bytes += encoded.byteLength;
    },
    finish() {
      return { bytes, sha256: hash.digest("hex") };
    },
  };
}

/** Feed it every chunk as it is written, with its path; build() once everything is written. */
export class ExportManifestBuilder {
  private readonly digests = new Map<string, FileDigest>();

  add(path: string, chunk: ExportChunk): void {
    let digest = this.digests.get(path);
    if (digest === undefined) {
      if (/[\r\n]/.test(path)) throw new Error(`export file path ${JSON.stringify(path)} contains a line break.`);
      digest = createSha256Digest();
      this.digests.set(path, digest);
    }
    digest.update(chunk);
  }

  build(): ExportManifest {
    const files = [...this.digests.keys()]
      .sort()
      .map((path) => ({ path, ...(this.digests.get(path) as FileDigest).finish() }));
    return { files, sha256: exportSha256(files) };
  }
}

/** The manifest of a multi-file writer's output, for callers that only hash (benchmarks, checks). */
export async function manifestOf(
  pieces: Iterable<ExportFilePiece> | AsyncIterable<ExportFilePiece>,
): Promise<ExportManifest> {
  const builder = new ExportManifestBuilder();
  for await (const piece of pieces) builder.add(piece.path, piece.chunk);
  return builder.build();
}

/** The export hash from manifest entries; they are sorted here, whatever order they come in. */
export function exportSha256(files: ExportManifestEntry[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path}\n${file.bytes}\n${file.sha256}\n`, "utf8");
  }
  return hash.digest("hex");
}
