// Migration 0006 on a database written before `single` and `not_sure` existed: one-vote items
// stored as "unanimous" become "single", label-less "not sure" answers stop counting as
// rejections, and a frozen export snapshot still exports to the content hash it recorded.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsBefore } from "./migration-test-support";
import { openDatabase, type Db } from "./index";
import { getExportSnapshot } from "./queries/exports";
import { getProjectBySlug } from "./queries/projects";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";

const BEFORE = "0006_single-resolutions-not-sure-actions";
// The Hugging Face folder's manifest hash for the snapshot below, as Goldset wrote it before
// this migration (commit f210382).
const RECORDED_HF_SHA256 = "f0849d2c8090b8cf1705661f7de6a979e0a579bb60f231b614922761d742103c";

let dir: string;
let dbPath: string;

const legacyRecord = (id: string, label: string, annotators: number) =>
  JSON.stringify({ id, text: `text ${id}`, labels: [label], decidedBy: "unanimous", agreement: 1, annotators, notSure: 0, suggestion: null, metadata: {} });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-migration-"));
  dbPath = join(dir, "old.db");
  const sqlite = new Database(dbPath);
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(BEFORE, dir) });
  // Single-label p1: "one" (one vote), "two" (two alike), "abst" (a vote and a label-less not
  // sure), "fixed" (one annotator's ham corrected to spam: one current vote). Multi-label p2:
  // "m-one" (one set), "m-none" (an empty set, a vote, beside an unsure empty one), "m-two".
  sqlite.exec(`
    insert into users (id, email, name, password_hash) values ('u1', 'a1@example.org', 'a1', 'x'), ('u2', 'a2@example.org', 'a2', 'x'), ('lead', 'lead@example.org', 'Lead', 'x');
    insert into projects (id, slug, name, task_type, overlap, settings) values ('p1', 'p1', 'Single', 'single_label', 2, '{}'), ('p2', 'p2', 'Multi', 'multi_label', 2, '{}');
    insert into labels (project_id, name, position) values ('p1', 'ham', 0), ('p1', 'spam', 1), ('p2', 'a', 0), ('p2', 'b', 1);
    insert into items (id, project_id, external_id, text, content_hash, labelled_by) values
      (1, 'p1', 'one', 'text one', 'h1', 1), (2, 'p1', 'two', 'text two', 'h2', 2), (3, 'p1', 'abst', 'text abst', 'h3', 2), (4, 'p1', 'fixed', 'text fixed', 'h4', 1),
      (5, 'p2', 'm-one', 'text m-one', 'h5', 1), (6, 'p2', 'm-none', 'text m-none', 'h6', 2), (7, 'p2', 'm-two', 'text m-two', 'h7', 2);
    insert into annotations (id, project_id, item_id, annotator_id, labels, not_sure, suggestion_action, supersedes_id, created_at) values
      ('n1', 'p1', 1, 'u1', '["ham"]', 0, 'none', null, 1),
      ('n2', 'p1', 2, 'u1', '["spam"]', 0, 'none', null, 2), ('n3', 'p1', 2, 'u2', '["spam"]', 0, 'none', null, 3),
      ('n4', 'p1', 3, 'u1', '["ham"]', 0, 'none', null, 4), ('n5', 'p1', 3, 'u2', '[]', 1, 'rejected', null, 5),
      ('n6', 'p1', 4, 'u1', '["ham"]', 0, 'none', null, 6), ('n7', 'p1', 4, 'u1', '["spam"]', 1, 'rejected', 'n6', 7),
      ('n8', 'p2', 5, 'u1', '["a","b"]', 0, 'none', null, 8),
      ('n9', 'p2', 6, 'u1', '[]', 0, 'rejected', null, 9), ('n10', 'p2', 6, 'u2', '[]', 1, 'rejected', null, 10),
      ('n11', 'p2', 7, 'u1', '["a"]', 0, 'none', null, 11), ('n12', 'p2', 7, 'u2', '["a"]', 0, 'none', null, 12);
    insert into item_resolutions (item_id, project_id, method, labels, agreement, annotators, not_sure, updated_at) values
      (1, 'p1', 'unanimous', '["ham"]', 1, 1, 0, 1), (2, 'p1', 'unanimous', '["spam"]', 1, 2, 0, 1), (3, 'p1', 'unanimous', '["ham"]', 1, 2, 1, 1),
      (4, 'p1', 'unanimous', '["spam"]', 1, 1, 1, 1), (5, 'p2', 'unanimous', '["a","b"]', 1, 1, 0, 1), (6, 'p2', 'unanimous', '[]', 1, 2, 1, 1),
      (7, 'p2', 'unanimous', '["a"]', 1, 2, 0, 1);
    insert into export_snapshots (id, project_id, name, rules, label_set_version, counts, hashes, created_by, created_at) values
      (1, 'p1', 'v1', '{"decidedBy":["adjudicated","unanimous"],"minAnnotations":1,"includeAnnotations":false,"license":"other"}', 1,
       '{"items":2,"decidedBy":{"unanimous":2},"splits":{},"acceptedSuggestions":0,"agreement":{"krippendorff":null,"fleiss":null,"cohen":null,"percent":null}}',
       '{"hf":"${RECORDED_HF_SHA256}"}', 'lead', 1764979200000);
  `);
  sqlite
    .prepare("insert into export_snapshot_records (snapshot_id, item_id, record) values (1, 1, ?), (1, 2, ?)")
    .run(legacyRecord("one", "ham", 1), legacyRecord("two", "spam", 2));
  sqlite.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("migration 0006: single resolutions and not-sure answers", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(dbPath);
  });
  afterEach(() => db.$client.close());

  it("re-labels one-vote 'unanimous' items as single, with no agreement figure, and leaves two-vote ones", () => {
    const rows = db.$client.prepare("select item_id as item, method, agreement from item_resolutions order by item_id").all();
    expect(rows).toEqual([
      { item: 1, method: "single", agreement: null },
      { item: 2, method: "unanimous", agreement: 1 },
      { item: 3, method: "single", agreement: null },
      { item: 4, method: "single", agreement: null },
      { item: 5, method: "single", agreement: null },
      { item: 6, method: "single", agreement: null },
      { item: 7, method: "unanimous", agreement: 1 },
    ]);
  });

  it("records label-less 'not sure' answers as not_sure and leaves real rejections and unsure guesses alone", () => {
    const rows = db.$client.prepare("select id, suggestion_action as action from annotations where suggestion_action <> 'none' order by created_at").all();
    expect(rows).toEqual([
      { id: "n5", action: "not_sure" },
      { id: "n7", action: "rejected" },
      { id: "n9", action: "rejected" },
      { id: "n10", action: "not_sure" },
    ]);
  });

  it("leaves a frozen snapshot as it was: same records, same Hugging Face export hash", async () => {
    const records = db.$client.prepare("select record from export_snapshot_records where snapshot_id = 1 order by item_id").all();
    expect(records).toEqual([{ record: legacyRecord("one", "ham", 1) }, { record: legacyRecord("two", "spam", 2) }]);
    const project = (await getProjectBySlug({ db, slug: "p1" }))!;
    const snapshot = (await getExportSnapshot({ db, projectId: project.id, name: "v1" }))!;
    const outDir = join(dir, "hf");
    const result = await exportSnapshot({ db, project, snapshot, format: "hf", outDir, actorId: "lead" });
    expect(result.firstTime).toBe(false);
    expect(result.manifest.sha256).toBe(RECORDED_HF_SHA256);
    expect(readFileSync(join(outDir, "README.md"), "utf8")).not.toContain("| single |");
  });
});
