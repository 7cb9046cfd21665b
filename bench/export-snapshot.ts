// A 1,000,000-item snapshot exported from the database (SQLite, or PostgreSQL with --db pg) to files, as the export button and
// `goldset export` do: time per format and the exporting process's peak memory (VmHWM).
// The database is prepared first (items plus frozen records); each export then runs in a
// child process so its peak memory is its own.
// Usage: npm run bench:export-snapshot [-- --items 1000000 --db sqlite|pg]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { asc } from "drizzle-orm";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "@/db";
import { items } from "@/db/schema";
import { openBenchDatabase } from "./bench-database";
import { createProject, getProjectBySlug } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { freezeRecords, getExportSnapshot, insertSnapshot } from "@/db/queries/exports";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import type { ExportRecord } from "@/lib/export/export-record";

const { values } = parseArgs({
  options: { items: { type: "string", default: "1000000" }, format: { type: "string" }, out: { type: "string" } },
});

function peakRssMb(): number {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  return Math.round(Number(line?.replace(/\D+/g, "") ?? 0) / 1024);
}

if (values.format) {
  // Child: export one format and report, on the database its environment names.
  const db = await getDb();
  const project = (await getProjectBySlug({ db, slug: "bench" }))!;
  const snapshot = (await getExportSnapshot({ db, projectId: project.id, name: "bench" }))!;
  const t = performance.now();
  const { manifest } = await exportSnapshot({ db, project, snapshot, format: values.format as "jsonl", outDir: values.out!, actorId: null });
  const ms = performance.now() - t;
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  console.log(
    JSON.stringify({
      bench: "export_snapshot",
      format: values.format,
      items: Number(values.items),
      ms: Math.round(ms),
      mb: Math.round(bytes / 1e6),
      peak_rss_mb: peakRssMb(),
      sha256: manifest.sha256,
    }),
  );
  process.exit(0);
}

const n = Number(values.items);
const dir = mkdtempSync(join(tmpdir(), "goldset-bench-export-"));
const bench = await openBenchDatabase("export");
const db = bench.db;
const project = await createProject({ db, name: "Bench", slug: "bench", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] });
const words = "free call now win prize txt claim ok lar joking wif u oni going home later see you tomorrow".split(" ");
const text = (i: number) => `${Array.from({ length: 10 + (i % 17) }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(" ")} #${i}`;
let t = performance.now();
await importItems({
  db,
  projectId: project.id,
  fileName: "gen",
  format: "jsonl",
  actorId: null,
  records: Array.from({ length: n }, (_, i) => ({ externalId: `m${i}`, text: text(i), metadata: {}, contentHash: `h${i}` })),
});
const itemIds = (await db.select({ id: items.id }).from(items).orderBy(asc(items.id))).map((row) => row.id);
await db.transaction(async (tx) => {
  const snapshot = await insertSnapshot(tx, {
    projectId: project.id,
    name: "bench",
    rules: { decidedBy: ["unanimous", "majority", "adjudicated"], minAnnotations: 1, includeAnnotations: false, license: "cc-by-4.0" },
    labelSetVersion: 1,
    createdBy: null,
    now: new Date("2026-01-01T00:00:00Z"),
    counts: { items: n },
  });
  await freezeRecords(
    tx,
    snapshot.id,
    (function* () {
      for (let i = 0; i < n; i++) {
        const record: ExportRecord = {
          id: `m${i}`,
          text: text(i),
          labels: [i % 7 === 0 ? "spam" : "ham"],
          decidedBy: i % 11 === 0 ? "adjudicated" : i % 3 === 0 ? "majority" : "unanimous",
          agreement: i % 3 === 0 ? 0.67 : 1,
          annotators: 3,
          notSure: i % 13 === 0 ? 1 : 0,
          suggestion: i % 5 === 0 ? { accepted: true, source: "llm", model: "bench-model", promptVersion: 1 } : null,
          metadata: {},
        };
        yield { itemId: itemIds[i]!, record };
      }
    })(),
  );
});
console.log(JSON.stringify({ bench: "export_snapshot_prepare", db: bench.dialect, items: n, ms: Math.round(performance.now() - t) }));

for (const format of ["jsonl", "hf", "csv", "label-studio"]) {
  t = performance.now();
  const out = execFileSync(
    "node",
    ["--import", "tsx", "--import", "./scripts/server-only/register.mjs", "bench/export-snapshot.ts", "--format", format, "--out", join(dir, format), "--items", String(n)],
    { encoding: "utf8", env: { ...process.env, ...bench.env } },
  );
  process.stdout.write(out);
}
rmSync(dir, { recursive: true, force: true });
await bench.close();
