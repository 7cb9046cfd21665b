// Migration 0019 (SQLite) / 0010 (PostgreSQL) on a database that already holds resolutions: the new
// item_final_labels table is filled from them, one row per label, and the triggers keep it after.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsBefore } from "./migration-test-support";
import { createPgTestDatabase, describePg } from "./pg-test-support";
import { defaultPgMigrationsFolder, migratePostgres } from "./postgres-migrate";

// Two projects; items 1 and 2 resolved with one label, 3 with two (multi-label), 4 unresolved (no label).
const OLD_ROWS = `
  insert into users (id, email, name, password_hash) values ('u1', 'a1@example.org', 'a1', 'x');
  insert into projects (id, slug, name, task_type, overlap, settings) values ('p1', 'p1', 'Single', 'single_label', 2, '{}'), ('p2', 'p2', 'Multi', 'multi_label', 2, '{}');
  insert into items (id, project_id, external_id, text, content_hash, labelled_by) values
    (1, 'p1', 'one', 'text one', 'h1', 1), (2, 'p1', 'two', 'text two', 'h2', 2), (3, 'p2', 'three', 'text three', 'h3', 2), (4, 'p2', 'four', 'text four', 'h4', 2);
  insert into item_resolutions (item_id, project_id, method, labels, annotators, not_sure, updated_at) values
    (1, 'p1', 'single', '["ham"]', 1, 0, 1), (2, 'p1', 'unanimous', '["spam"]', 2, 0, 1),
    (3, 'p2', 'unanimous', '["a","b"]', 2, 0, 1), (4, 'p2', 'unresolved', '[]', 2, 0, 1);
`;
const EXPECTED = ["1:p1:ham", "2:p1:spam", "3:p2:a", "3:p2:b"];
const AFTER_UPDATE = ["1:p1:spam", "2:p1:spam", "3:p2:a", "3:p2:b", "4:p2:b"];
// What a refresh does after the migration: item 1 changes label, item 4 gets one.
const UPDATES = [`update item_resolutions set labels = '["spam"]' where item_id = 1`, `update item_resolutions set labels = '["b"]', method = 'majority' where item_id = 4`];

const rowsOf = (rows: { item_id: number | string; project_id: string; label: string }[]) => rows.map((r) => `${r.item_id}:${r.project_id}:${r.label}`).sort();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-final-labels-migration-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("migration 0019_item-final-labels on SQLite", () => {
  it("fills item_final_labels from the stored resolutions, and its triggers keep it after", () => {
    const sqlite = new Database(join(dir, "old.db"));
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore("0019_item-final-labels", dir) });
    sqlite.exec(OLD_ROWS);
    migrate(drizzle(sqlite), { migrationsFolder: join(process.cwd(), "db", "migrations") });
    const read = () => rowsOf(sqlite.prepare("select item_id, project_id, label from item_final_labels").all() as never);
    expect(read()).toEqual(EXPECTED);
    for (const update of UPDATES) sqlite.exec(update);
    expect(read()).toEqual(AFTER_UPDATE);
    sqlite.close();
  });
});

describePg("migration 0010_item-final-labels on PostgreSQL", () => {
  it("fills item_final_labels from the stored resolutions, and its triggers keep it after", async () => {
    const database = await createPgTestDatabase({ migrate: false });
    try {
      await migratePostgres(database.pool, migrationsBefore("0010_item-final-labels", dir, defaultPgMigrationsFolder()));
      await database.pool.query(OLD_ROWS);
      await migratePostgres(database.pool);
      const read = async () => rowsOf((await database.pool.query("select item_id, project_id, label from item_final_labels")).rows);
      expect(await read()).toEqual(EXPECTED);
      for (const update of UPDATES) await database.pool.query(update);
      expect(await read()).toEqual(AFTER_UPDATE);
    } finally {
      await database.drop();
    }
  });
});
