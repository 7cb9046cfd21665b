import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { exportFolderFiles, zipVerifiedExportFolder } from "./export-archive";
import { exportSha256 } from "@/lib/export/content-hash";

const folder = mkdtempSync(join(tmpdir(), "goldset-archive-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
mkdirSync(join(folder, "data"));
const files: Record<string, string> = {
  "data/train.jsonl": '{"id":"a","text":"Ça va? 👍"}\n'.repeat(5000),
  "data/test.jsonl": '{"id":"b","text":"ok"}\n',
  "README.md": "---\nlicense: other\n---\n\n# Card\n",
};
for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, path), text);

async function zipBytes(): Promise<Buffer> {
  return Buffer.concat((await zipVerifiedExportFolder(folder, exportFolderFiles(folder))).zip);
}

describe("export archive", () => {
  it("lists the folder's files as relative paths in code-unit order", () => {
    expect(exportFolderFiles(folder)).toEqual(["README.md", "data/test.jsonl", "data/train.jsonl"]);
  });

  it("zips every file under its path, data/ layout kept, in path order, byte for byte", async () => {
    const entries = unzipSync(new Uint8Array(await zipBytes()));
    expect(Object.keys(entries)).toEqual(["README.md", "data/test.jsonl", "data/train.jsonl"]);
    for (const [path, text] of Object.entries(files)) expect(new TextDecoder().decode(entries[path])).toBe(text);
  });

  it("gives the same bytes every time and in every time zone, stamped 1980-01-01 00:00", async () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const utc = await zipBytes();
      process.env.TZ = "Pacific/Auckland";
      const auckland = await zipBytes();
      expect(auckland.equals(utc)).toBe(true);
      expect((await zipBytes()).equals(utc)).toBe(true);
      // The first local file header: time at offset 10 (00:00 is 0), date at 12 ((1980 − 1980) << 9 | 1 << 5 | 1).
      expect(utc.readUInt32LE(0)).toBe(0x04034b50);
      expect(utc.readUInt16LE(10)).toBe(0);
      expect(utc.readUInt16LE(12)).toBe(0x21);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("hashes the files it zips as the export manifest does", async () => {
    const { manifest } = await zipVerifiedExportFolder(folder, exportFolderFiles(folder));
    expect(manifest.files.map((f) => [f.path, f.bytes])).toEqual([
      ["README.md", Buffer.byteLength(files["README.md"]!)],
      ["data/test.jsonl", Buffer.byteLength(files["data/test.jsonl"]!)],
      ["data/train.jsonl", Buffer.byteLength(files["data/train.jsonl"]!)],
    ]);
    expect(manifest.sha256).toBe(exportSha256(manifest.files));
  });
});
