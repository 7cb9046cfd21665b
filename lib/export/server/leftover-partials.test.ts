import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import type { ExportRecord } from "@/lib/export/export-record";
import { removeLeftoverPartials } from "./leftover-partials";
import { writeExportFiles } from "./write-export-files";
import { CURRENT_WRITER_VERSIONS } from "./format-writers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-exports-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// No process has this id: Linux pids stay below 2^22.
const DEAD_PID = 2 ** 22 + 17;

describe("export folders", () => {
  it("removes partial folders left by processes that are gone, and keeps finished exports and live partials", () => {
    const leftover = join(dir, "sms", "snapshot-1", `jsonl.partial-${DEAD_PID}`);
    const live = join(dir, "sms", "snapshot-2", `csv.partial-${process.pid}`);
    const finished = join(dir, "sms", "snapshot-1", "csv");
    for (const folder of [leftover, live, finished]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "data"), "x");
    }
    expect(removeLeftoverPartials(dir)).toEqual([leftover]);
    expect([existsSync(leftover), existsSync(live), existsSync(finished)]).toEqual([false, true, true]);
  });

  it("writes export files readable by their owner only", async () => {
    const outDir = join(dir, "exports", "sms", "snapshot-1", "jsonl");
    const record: ExportRecord = { id: "1", text: "one", labels: ["a"], decidedBy: "unanimous", agreement: 1, annotators: 2, notSure: 0, suggestion: null };
    await writeExportFiles({ format: "jsonl", writerVersion: CURRENT_WRITER_VERSIONS.jsonl, records: [record], card: {} as DatasetCardSnapshot, outDir });
    expect(statSync(join(outDir, "data.jsonl")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "exports")).mode & 0o777).toBe(0o700);
  });
});
