// Migration 0010 on a database written while the demo marker lived in its own instance_flags
// table: the marker moves into site_settings, so a demo database keeps its banner, and the old
// table is gone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsBefore } from "./migration-test-support";
import { openDatabase } from "./index";
import { getProjectCreationRule, isDemoInstance } from "./queries/site-settings";

const BEFORE = "0010_fold-instance-flags-into-site-settings";

let dir: string;

/** A database migrated up to just before 0010, with `seed` run on it, then opened (and so migrated) as the app does. */
async function migratedFrom(seed: string) {
  const dbPath = join(dir, "old.db");
  const sqlite = new Database(dbPath);
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(BEFORE, dir) });
  sqlite.exec(seed);
  sqlite.close();
  return await openDatabase(dbPath);
}

const tables = (db: Awaited<ReturnType<typeof openDatabase>>) =>
  db.$client.prepare("select name from sqlite_master where type = 'table' and name in ('instance_flags', 'site_settings') order by name").all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-migration-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("migration 0010: instance_flags folded into site_settings", () => {
  it("moves the demo marker, with its time, next to the project creation rule and drops instance_flags", async () => {
    const db = await migratedFrom(`
      insert into users (id, email, name, password_hash) values ('admin', 'admin@example.org', 'Admin', 'x');
      insert into site_settings (key, value, updated_by, updated_at) values ('project_creation', '"any-user"', 'admin', 1764979200000);
      insert into instance_flags (name, value, updated_at) values ('demo', '1', 1764979300000);
    `);
    try {
      expect(db.$client.prepare("select key, value, updated_by as updatedBy, updated_at as updatedAt from site_settings order by key").all()).toEqual([
        { key: "demo", value: "true", updatedBy: null, updatedAt: 1764979300000 },
        { key: "project_creation", value: '"any-user"', updatedBy: "admin", updatedAt: 1764979200000 },
      ]);
      expect(await isDemoInstance({ db })).toBe(true);
      expect(await getProjectCreationRule({ db })).toBe("any-user");
      expect(tables(db)).toEqual([{ name: "site_settings" }]);
    } finally {
      db.$client.close();
    }
  });

  it("leaves a database that was never a demo without a demo marker", async () => {
    const db = await migratedFrom("");
    try {
      expect(db.$client.prepare("select key from site_settings").all()).toEqual([]);
      expect(await isDemoInstance({ db })).toBe(false);
      expect(tables(db)).toEqual([{ name: "site_settings" }]);
    } finally {
      db.$client.close();
    }
  });
});
