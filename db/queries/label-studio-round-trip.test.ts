// A Label Studio export read back by Goldset's own Label Studio importer into a fresh project of
// another database gives the same items and every annotation with its annotator and labels.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createProject, getProjectBySlug } from "./projects";
import { importItems } from "./items";
import { importLabelStudio } from "./annotation-import";
import { submitAnnotation } from "./annotations";
import { adjudicate } from "./review";
import { importPredictions, suggestionsForItem } from "./suggestions";
import { annotationHistory } from "./annotations";
import { createExportSnapshot, getExportSnapshot } from "./exports";
import { createUser } from "./users";
import { itemContentHash } from "@/lib/import/content-hash";
import { parseLabelStudioExport } from "@/lib/import/label-studio";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { rawRows } from "@/db/raw-sql";

const labelDefs = [{ name: "ham" }, { name: "spam" }, { name: "promo" }];
const texts: Record<string, string> = { m1: "see you at 6", m2: "WIN a prize now!!", m3: "20% off shoes today" };

describe("Label Studio export → Goldset import", async () => {
  const source = await openTestDatabase();
  const target = await openTestDatabase();
  const outDir = mkdtempSync(join(tmpdir(), "goldset-ls-round-trip-"));
  afterAll(async () => {
    await source.close();
    await target.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  const itemId: Record<string, number> = {};
  let projectId: string;

  beforeAll(async () => {
    const db: Db = source.db;
    const lead = await createUser({ db, email: "lead@x.org", name: "Lead", passwordHash: "x" });
    const ana = await createUser({ db, email: "ana@x.org", name: "Ana", passwordHash: "x" });
    const bo = await createUser({ db, email: "bo@x.org", name: "Bo", passwordHash: "x" });
    const reviewer = await createUser({ db, email: "rev@x.org", name: "Rev", passwordHash: "x" });
    projectId = (await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs, overlap: 2, createdBy: lead.id })).id;
    await importItems({
      db,
      projectId,
      fileName: "items.jsonl",
      format: "jsonl",
      actorId: lead.id,
      records: Object.entries(texts).map(([externalId, text]) => ({
        externalId,
        text,
        metadata: { sender: `+44 ${externalId}` },
        contentHash: itemContentHash(text),
      })),
    });
    for (const row of (await rawRows(db, `select id, external_id as "externalId" from items`)) as { id: number; externalId: string }[])
      itemId[row.externalId] = row.id;
    await importPredictions({
      db,
      projectId,
      actorId: lead.id,
      fileName: "predictions.jsonl",
      format: "jsonl",
      rows: [
        { externalId: "m1", labels: ["ham"], score: 0.9, model: "nb", line: 1 },
        { externalId: "m2", labels: ["promo"], score: 0.6, model: "nb", line: 2 },
      ],
    });
    const suggestionOf = async (externalId: string) => (await suggestionsForItem({ db, projectId, itemId: itemId[externalId]! }))[0]?.id;
    const label = async (annotatorId: string, externalId: string, chosen: string, minute: number, notSure = false) =>
      await submitAnnotation({
        db,
        projectId,
        annotatorId,
        input: {
          id: randomUUID(),
          itemId: itemId[externalId]!,
          labels: [chosen],
          notSure,
          suggestionId: await suggestionOf(externalId),
          suggestionShown: (await suggestionOf(externalId)) !== undefined,
          rejectedSuggestion: false,
        },
        now: new Date(Date.UTC(2024, 4, 1, 10, minute)),
      });
    await label(ana.id, "m1", "ham", 0);
    await label(bo.id, "m1", "ham", 1);
    await label(ana.id, "m2", "promo", 2);
    await label(bo.id, "m2", "spam", 3);
    await label(ana.id, "m3", "promo", 4);
    await label(bo.id, "m3", "promo", 5, true);
    // The annotators disagree on m2; the reviewer's decision settles it without being a vote.
    await adjudicate({ db, projectId, itemId: itemId.m2!, reviewerId: reviewer.id, labels: ["spam"], rationale: "asks to claim a prize", allowOwn: false });
  });

  it("imports the same items and every annotation: item, annotator, label, not-sure mark and time", async () => {
    const db = source.db;
    await createExportSnapshot({
      db,
      projectId,
      name: "v1",
      rules: { decidedBy: ["adjudicated", "unanimous", "majority"], minAnnotations: 1, includeAnnotations: true, license: "other" },
      createdBy: null,
    });
    const project = (await getProjectBySlug({ db, slug: "sms" }))!;
    const snapshot = (await getExportSnapshot({ db, projectId, name: "v1" }))!;
    const written = await exportSnapshot({ db, project, snapshot, format: "label-studio", outDir, actorId: null });
    expect(written.writerVersion).toBe(2);
    expect(written.manifest.files.map((file) => file.path)).toEqual(["label-studio.json", "labeling-config.xml"]);

    const fresh = target.db;
    const owner = await createUser({ db: fresh, email: "owner@y.org", name: "Owner", passwordHash: "x" });
    const freshProject = (await createProject({ db: fresh, name: "Copy", slug: "copy", taskType: "single_label", labelDefs, overlap: 2, createdBy: owner.id }))
      .id;
    const parsed = await parseLabelStudioExport(createReadStream(join(outDir, "label-studio.json")), { labels: labelDefs.map((l) => l.name) });
    expect(parsed.problems).toEqual([]);
    expect(parsed.goldsetResolutions).toBe(3);
    expect(parsed.predictions.map((p) => [p.externalId, p.labels, p.score, p.modelVersion])).toEqual([
      ["m1", ["ham"], 0.9, "import · nb"],
      ["m2", ["promo"], 0.6, "import · nb"],
    ]);
    await importLabelStudio({
      db: fresh,
      projectId: freshProject,
      fileName: "label-studio.json",
      items: parsed.items,
      rows: parsed.annotations,
      actorId: owner.id,
    });

    const itemsOf = async (db: Db, id: string) =>
      (await rawRows(db, "select external_id as id, text, cast(metadata as text) as metadata from items where project_id = ? order by external_id", id));
    expect(await itemsOf(fresh, freshProject)).toEqual(await itemsOf(db, projectId));
    const annotationsOf = async (db: Db, id: string) =>
      (await annotationHistory({ db, projectId: id }))
        .map((a) => [a.externalId, a.annotator, a.labels, a.notSure, a.createdAt.toISOString()])
        .sort((a, b) => String(a).localeCompare(String(b)));
    const expected = [
      ["m1", "ana@x.org", ["ham"], false, "2024-05-01T10:00:00.000Z"],
      ["m1", "bo@x.org", ["ham"], false, "2024-05-01T10:01:00.000Z"],
      ["m2", "ana@x.org", ["promo"], false, "2024-05-01T10:02:00.000Z"],
      ["m2", "bo@x.org", ["spam"], false, "2024-05-01T10:03:00.000Z"],
      ["m3", "ana@x.org", ["promo"], false, "2024-05-01T10:04:00.000Z"],
      ["m3", "bo@x.org", ["promo"], true, "2024-05-01T10:05:00.000Z"],
    ];
    expect(await annotationsOf(db, projectId)).toEqual(expected);
    expect(await annotationsOf(fresh, freshProject)).toEqual(expected);
  });

  it("writes a labeling config whose choices are the project's labels", () => {
    const config = readFileSync(join(outDir, "labeling-config.xml"), "utf8");
    expect([...config.matchAll(/<Choice value="([^"]*)"\/>/g)].map((m) => m[1])).toEqual(["ham", "spam", "promo"]);
    expect(config).toContain('<Choices name="label" toName="text" choice="single">');
  });
});
