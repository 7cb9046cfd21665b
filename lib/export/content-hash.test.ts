import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

import { createSha256Digest, ExportManifestBuilder, exportSha256, manifestOf } from "@/lib/export/content-hash";
import type { ExportFilePiece } from "@/lib/export/export-stream";

// FIPS 180-2 test vector.
const SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

describe("createSha256Digest", () => {
  it("hashes the UTF-8 bytes of string and byte chunks alike and counts bytes", () => {
    const digest = createSha256Digest();
    digest.update("a");
    digest.update(new Uint8Array([0x62]));
    digest.update("c");
    expect(digest.finish()).toEqual({ bytes: 3, sha256: SHA256_ABC });

    const accented = createSha256Digest();
    accented.update("é👍");
    expect(accented.finish().bytes).toBe(6);
  });
});

describe("export manifest", () => {
  const piece = (path: string, text: string): ExportFilePiece => ({ path, chunk: new TextEncoder().encode(text) });
  const pieces = [piece("data/train.jsonl", '{"id":"1"}\n'), piece("README.md", "# card\n"), piece("data/train.jsonl", '{"id":"2"}\n')];

  it("lists files by path with their size and SHA-256, however pieces interleave", async () => {
    const manifest = await manifestOf(pieces);
    expect(manifest.files).toEqual([
      { path: "README.md", bytes: 7, sha256: createHash("sha256").update("# card\n").digest("hex") },
      {
        path: "data/train.jsonl",
        bytes: 22,
        sha256: createHash("sha256").update('{"id":"1"}\n{"id":"2"}\n').digest("hex"),
      },
    ]);
    const reordered = await manifestOf([pieces[1], pieces[0], pieces[2]].filter((piece) => piece !== undefined));
    expect(reordered).toEqual(manifest);
  });

  it("hashes the export as path, size and file hash lines in path order", async () => {
    const manifest = await manifestOf(pieces);
    const lines = manifest.files.map((file) => `${file.path}\n${file.bytes}\n${file.sha256}\n`).join("");
    expect(manifest.sha256).toBe(createHash("sha256").update(lines).digest("hex"));
    expect(exportSha256([...manifest.files].reverse())).toBe(manifest.sha256);
  });

  it("changes the export hash when one byte of one file changes, and only that file's entry", async () => {
    const manifest = await manifestOf(pieces);
    const changed = await manifestOf([...pieces.slice(0, 2), piece("data/train.jsonl", '{"id":"3"}\n')]);
    expect(changed.sha256).not.toBe(manifest.sha256);
    expect(changed.files[0]).toEqual(manifest.files[0]);
    expect(changed.files[1]?.bytes).toBe(manifest.files[1]?.bytes);
    expect(changed.files[1]?.sha256).not.toBe(manifest.files[1]?.sha256);
  });

  it("changes the export hash when a file is renamed, even with the same bytes", async () => {
    const renamed = await manifestOf(pieces.map((piece) => ({ ...piece, path: piece.path.replace("train", "test") })));
    expect(renamed.sha256).not.toBe((await manifestOf(pieces)).sha256);
  });

  it("refuses a path with a line break, which would make the export hash ambiguous", () => {
    expect(() => new ExportManifestBuilder().add("a\nb", "x")).toThrow("contains a line break");
  });
});
