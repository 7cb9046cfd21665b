// Snapshots keep reproducing the hash they recorded when a format's writer changes: a hash is
// recorded with its writer version, and a hash from before versions existed was writer 1's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import { exportSnapshots } from "../schema";
import { createProject, getProjectBySlug } from "./projects";
import { importItems } from "./items";
import { submitAnnotation } from "./annotations";
import { createExportSnapshot, getExportSnapshot, listExportSnapshots } from "./exports";
import { createUser } from "./users";
import { itemContentHash } from "@/lib/import/content-hash";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { writeExportFiles } from "@/lib/export/server/write-export-files";
import { snapshotRecords } from "./exports";
import { rawRow } from "@/db/raw-sql";

describe("export writer versions", async () => {
  const { db, close } = await openTestDatabase();
  const outDir = mkdtempSync(join(tmpdir(), "goldset-writer-versions-"));
  afterAll(async () => {
    await close();
    rmSync(outDir, { recursive: true, force: true });
  });
  let projectId: string;

  beforeAll(async () => {
    const ana = await createUser({ db, email: "ana@x.org", name: "Ana", passwordHash: "x" });
    const bo = await createUser({ db, email: "bo@x.org", name: "Bo", passwordHash: "x" });
    projectId = (
      await createProject({ db, name: "P", slug: "p", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 2, createdBy: ana.id })
    ).id;
    await importItems({
      db,
      projectId,
      fileName: "i.jsonl",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "x1", text: "hello", metadata: {}, contentHash: itemContentHash("hello") }],
    });
    const itemId = ((await rawRow(db, "select id from items")) as { id: number }).id;
    for (const annotatorId of [ana.id, bo.id]) {
      await submitAnnotation({
        db,
        projectId,
        annotatorId,
        input: { id: randomUUID(), itemId, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
    for (const name of ["old", "new"]) {
      await createExportSnapshot({
        db,
        projectId,
        name,
        rules: { decidedBy: ["unanimous"], minAnnotations: 1, includeAnnotations: false, license: "other" },
        createdBy: null,
      });
    }
  });

  const card = {
    snapshotId: "1",
    snapshotVersion: 1,
    projectName: "P",
    title: "P",
    license: "other",
    createdBy: "x",
    createdAt: "2024-01-01T00:00:00.000Z",
    labelSet: { version: 1, names: ["ham", "spam"], multiLabel: false },
    rules: [],
    agreement: [],
  };

  it("re-exports a JSONL hash recorded before writer versions with writer 1, camelCase keys and all", async () => {
    const old = (await getExportSnapshot({ db, projectId, name: "old" }))!;
    // What an older Goldset stored: the bare hash of the camelCase file.
    const v1 = await writeExportFiles({
      format: "jsonl",
      writerVersion: 1,
      records: snapshotRecords({ db, snapshotId: old.id }),
      card,
      outDir: join(outDir, "v1"),
    });
    await db
      .update(exportSnapshots)
      .set({ hashes: { jsonl: v1.sha256 } })
      .where(eq(exportSnapshots.id, old.id));

    const project = (await getProjectBySlug({ db, slug: "p" }))!;
    const again = await exportSnapshot({
      db,
      project,
      snapshot: (await getExportSnapshot({ db, projectId, name: "old" }))!,
      format: "jsonl",
      outDir: join(outDir, "old"),
      actorId: null,
    });
    expect(again).toMatchObject({ writerVersion: 1, firstTime: false });
    expect(again.manifest.sha256).toBe(v1.sha256);
    expect(readFileSync(join(outDir, "old", "data.jsonl"), "utf8")).toContain('"decidedBy":"unanimous"');
    expect((await getExportSnapshot({ db, projectId, name: "old" }))!.hashes).toEqual({ jsonl: v1.sha256 });
  });

  it("writes a new snapshot with the current writer and records the version with the hash", async () => {
    const project = (await getProjectBySlug({ db, slug: "p" }))!;
    const first = await exportSnapshot({
      db,
      project,
      snapshot: (await getExportSnapshot({ db, projectId, name: "new" }))!,
      format: "jsonl",
      outDir: join(outDir, "new"),
      actorId: null,
    });
    expect(first).toMatchObject({ writerVersion: 2, firstTime: true });
    expect(readFileSync(join(outDir, "new", "data.jsonl"), "utf8")).toBe(
      '{"id":"x1","text":"hello","labels":["ham"],"decided_by":"unanimous","agreement":1,"annotators":2,"not_sure":0,"suggestion":null,"metadata":{}}\n',
    );
    const stored = (await getExportSnapshot({ db, projectId, name: "new" }))!;
    expect(stored.hashes).toEqual({ jsonl: { sha256: first.manifest.sha256, writer: 2 } });
    const again = await exportSnapshot({ db, project, snapshot: stored, format: "jsonl", outDir: join(outDir, "new-again"), actorId: null });
    expect(again).toMatchObject({ writerVersion: 2, firstTime: false });
    // The list the export page reads shows both as plain hashes, with their writer versions beside.
    const listed = await listExportSnapshots({ db, projectId });
    expect(listed.map((s) => [s.name, s.hashes, s.writers])).toEqual([
      ["old", { jsonl: (await getExportSnapshot({ db, projectId, name: "old" }))!.hashes.jsonl }, { jsonl: 1 }],
      ["new", { jsonl: first.manifest.sha256 }, { jsonl: 2 }],
    ]);
  });

  it("refuses a recorded hash the export does not reproduce, saying which writer recorded it", async () => {
    const stored = (await getExportSnapshot({ db, projectId, name: "new" }))!;
    await db
      .update(exportSnapshots)
      .set({ hashes: { jsonl: { sha256: "0".repeat(64), writer: 2 } } })
      .where(eq(exportSnapshots.id, stored.id));
    const project = (await getProjectBySlug({ db, slug: "p" }))!;
    await expect(
      exportSnapshot({
        db,
        project,
        snapshot: (await getExportSnapshot({ db, projectId, name: "new" }))!,
        format: "jsonl",
        outDir: join(outDir, "bad"),
        actorId: null,
      }),
    ).rejects.toThrow(/not 0{64} as recorded with writer version 2: it was not reproduced/);
  });
});
