// Export snapshots, export files and agreement snapshots as jobs whose computing runs on a worker
// thread, on a real database (SQLite, or PostgreSQL with GOLDSET_DATABASE_URL): what the job
// freezes and writes must be exactly what the same work in the caller's thread gives.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject } from "@/db/test-seed";
import { computeAgreement, listAgreementSnapshots } from "@/db/queries/agreement";
import { importAnnotations } from "@/db/queries/annotation-import";
import { createExportSnapshot, getExportSnapshot, insertSnapshot, listExportSnapshots, snapshotRecords } from "@/db/queries/exports";
import type { ProjectRecord } from "@/db/queries/projects";
import { requestAgreementSnapshot } from "@/lib/agreement/server/agreement-snapshot-job";
import type { ExportRecord } from "@/lib/export/export-record";
import type { SnapshotRules } from "@/lib/export/snapshot-row";
import type { AnnotationRow } from "@/lib/import/annotation-rows";
import { resultOf, runToEnd } from "@/lib/jobs/job-test-support";
import { requestExportFiles, requestExportSnapshot, type FilesJobResult, type SnapshotJobResult } from "./export-jobs";
import { exportSnapshot } from "./export-snapshot";
import { EXPORT_FORMATS, SPANS_ONLY_FORMATS } from "./format-writers";

const RULES: SnapshotRules = {
  decidedBy: ["adjudicated", "unanimous", "single", "majority", "dawid-skene"],
  minAnnotations: 1,
  overlap: 2,
  includeAnnotations: true,
  license: "cc-by-4.0",
  split: { seed: 7, fractions: { train: 0.6, validation: 0.2, test: 0.2 } },
};

let db: Db;
let close: () => Promise<void>;
let dir: string;
let project: ProjectRecord;
let lead: string;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  dir = mkdtempSync(join(tmpdir(), "goldset-export-jobs-"));
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A project of `n` items, each labelled by two imported annotators: both alike on most items,
 * apart on every seventh, "not sure" on every eleventh (so resolutions of several kinds).
 */
async function seedLabelled(n: number) {
  const ids = Array.from({ length: n }, (_, k) => `m${k}`);
  const seeded = await seedProject(db, {
    people: { lead: "lead" },
    project: { slug: "p", labels: ["ham", "spam"], overlap: 2 },
    items: ids.map((externalId, k) => ({ externalId, text: `message ${k}: ${k % 3 === 0 ? "win a prize" : "see you at lunch"}`, metadata: { k } })),
  });
  ({ project } = seeded);
  lead = seeded.people.lead;
  const rows: AnnotationRow[] = [];
  ids.forEach((externalId, k) => {
    const label = k % 3 === 0 ? "spam" : "ham";
    rows.push({ externalId, annotator: "a1", labels: [label], notSure: false, createdAt: "2026-01-01T00:00:00.000Z", line: rows.length + 1 });
    const other = k % 7 === 0 ? (label === "spam" ? "ham" : "spam") : label;
    rows.push({ externalId, annotator: "a2", labels: k % 11 === 0 ? [] : [other], notSure: k % 11 === 0, createdAt: "2026-01-02T00:00:00.000Z", line: rows.length + 1 });
  });
  await importAnnotations({ db, projectId: project.id, fileName: "labels.csv", format: "csv", rows, actorId: lead });
}

/** How many items seedLabelled(n) resolves: all but those whose two annotators disagree (every seventh, unless the second was not sure). */
function resolvedOf(n: number): number {
  return Array.from({ length: n }, (_, k) => k).filter((k) => !(k % 7 === 0 && k % 11 !== 0)).length;
}

async function recordsOf(name: string): Promise<ExportRecord[]> {
  const snapshot = (await getExportSnapshot({ db, projectId: project.id, name }))!;
  const out: ExportRecord[] = [];
  for await (const record of snapshotRecords({ db, snapshotId: snapshot.id })) out.push(record);
  return out;
}

describe("the export-snapshot job", () => {
  it("freezes the records and counts the same snapshot made in the caller's thread has", async () => {
    await seedLabelled(90);
    const inline = await createExportSnapshot({ db, projectId: project.id, name: "inline", rules: RULES, createdBy: lead });
    const job = await runToEnd(db, requestExportSnapshot({ db, projectId: project.id, name: "threaded", rules: RULES, createdBy: lead }));
    expect(job).toMatchObject({ kind: "export-snapshot", state: "succeeded", progress: { total: inline.counts.items } });
    const result = job.result as SnapshotJobResult;
    expect(result.counts).toEqual(inline.counts);
    const [fromThread, fromCaller] = [await recordsOf("threaded"), await recordsOf("inline")];
    expect(fromThread).toHaveLength(resolvedOf(90));
    expect(fromThread).toEqual(fromCaller);
    // The seeding gave the split and the counts something to tell apart.
    expect(Object.keys(inline.counts.decidedBy!).length).toBeGreaterThan(1);
    expect(new Set(fromThread.map((r) => r.split))).toEqual(new Set(["train", "validation", "test"]));
  });

  it("refuses a name taken by a snapshot or by one being made, before queueing", async () => {
    await seedLabelled(5);
    const queued = await requestExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead });
    await expect(requestExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead })).rejects.toThrow(/being made/);
    await runToEnd(db, queued);
    await expect(requestExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead })).rejects.toThrow(/already exists/);
  });

  it("hides a snapshot an attempt left half-frozen, and the next attempt makes it whole", async () => {
    await seedLabelled(12);
    // What a crashed attempt leaves: the row without its counts (and perhaps some records).
    await db.transaction((tx) => insertSnapshot(tx, { projectId: project.id, name: "v1", rules: RULES, labelSetVersion: 1, createdBy: lead, now: new Date() }));
    expect(await listExportSnapshots({ db, projectId: project.id })).toEqual([]);
    expect(await getExportSnapshot({ db, projectId: project.id, name: "v1" })).toBeUndefined();
    const result = await resultOf<SnapshotJobResult>(db, requestExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead }));
    expect(result.counts.items).toBe(resolvedOf(12));
    expect((await listExportSnapshots({ db, projectId: project.id })).map((s) => s.name)).toEqual(["v1"]);
  });
});

describe("the export-files job", () => {
  it("writes every format of a classification project with the hash the caller's thread writes, and records it", async () => {
    await seedLabelled(40);
    const snapshot = await createExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead });
    const stored = (await getExportSnapshot({ db, projectId: project.id, name: "v1" }))!;
    const formats = EXPORT_FORMATS.filter((format) => !SPANS_ONLY_FORMATS.includes(format));
    for (const format of formats) {
      const outDir = join(dir, "job", format);
      const written = await resultOf<FilesJobResult>(db, requestExportFiles({ db, projectId: project.id, snapshotId: snapshot.id, format, outDir, actorId: lead }));
      expect(written).toMatchObject({ format, outDir, firstTime: true });
      // The same format written here must reproduce the recorded hash (exportSnapshot refuses otherwise).
      const here = await exportSnapshot({ db, project, snapshot: stored, format, outDir: join(dir, "here", format), actorId: lead });
      expect(here.manifest).toEqual(written.manifest);
      expect(here.firstTime).toBe(false);
    }
    const listed = (await listExportSnapshots({ db, projectId: project.id }))[0]!;
    expect(Object.keys(listed.hashes).sort()).toEqual([...formats].sort());
  });

  it("gives a snapshot frozen by the job the same JSONL and CSV bytes as one frozen in the caller's thread", async () => {
    await seedLabelled(30);
    const inline = await createExportSnapshot({ db, projectId: project.id, name: "inline", rules: RULES, createdBy: lead });
    const threaded = await resultOf<SnapshotJobResult>(db, requestExportSnapshot({ db, projectId: project.id, name: "threaded", rules: RULES, createdBy: lead }));
    for (const format of ["jsonl", "csv"] as const) {
      const [a, b] = await Promise.all(
        [inline.id, threaded.snapshotId].map((snapshotId) =>
          resultOf<FilesJobResult>(db, requestExportFiles({ db, projectId: project.id, snapshotId, format, outDir: join(dir, String(snapshotId), format), actorId: lead })),
        ),
      );
      expect(a!.manifest.sha256).toBe(b!.manifest.sha256);
    }
  });

  it("fails with the worker thread's error when the worker cannot write, and records no hash", async () => {
    await seedLabelled(10);
    const snapshot = await createExportSnapshot({ db, projectId: project.id, name: "v1", rules: RULES, createdBy: lead });
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a folder");
    const done = await runToEnd(db, requestExportFiles({ db, projectId: project.id, snapshotId: snapshot.id, format: "jsonl", outDir: join(blocker, "jsonl"), actorId: lead }));
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(/ENOTDIR/);
    expect((await getExportSnapshot({ db, projectId: project.id, name: "v1" }))!.hashes).toEqual({});
  });
});

describe("the agreement-snapshot job", () => {
  it("folds the requests made while one waits into one snapshot, computed as in the caller's thread", async () => {
    await seedLabelled(60);
    const first = await requestAgreementSnapshot({ db, projectId: project.id, trigger: "annotations", resamples: 10 });
    const second = await requestAgreementSnapshot({ db, projectId: project.id, trigger: "manual", createdBy: lead, resamples: 30 });
    const third = await requestAgreementSnapshot({ db, projectId: project.id, trigger: "import", resamples: 20 });
    expect([second.id, third.id]).toEqual([first.id, first.id]);
    expect(third.payload).toEqual({ trigger: "manual", createdBy: lead, resamples: 30 });
    await resultOf(db, third);
    const snapshots = await listAgreementSnapshots({ db, projectId: project.id });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ trigger: "manual", createdBy: lead, annotationCount: 120 });
    const here = await computeAgreement({ db, projectId: project.id, resamples: 30 });
    expect(snapshots[0]!.summary).toEqual(here.summary);
    expect(snapshots[0]!.summary.settings.resamples).toBe(30);
  });
});

// How long other requests wait while a snapshot is frozen is a figure, not a test: tests never
// assert on time, and a wall-clock bound failed whenever the machine was busy with other work.
// `npm run bench:stall` prints it over HTTP, with the longest wait beside the idle baseline.
