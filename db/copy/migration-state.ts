import Database from "better-sqlite3";
import { existsSync } from "node:fs";
// Where a database stands against the migrations this code ships: how many of them it lacks, and
// which. Both databases record applied migrations as drizzle does (hash, created_at = the
// migration's folder time), so "pending" is every migration newer than the last one recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";

export function sqliteMigrationsFolder(): string {
  return process.env.GOLDSET_MIGRATIONS_DIR ?? join(process.cwd(), "db", "migrations");
}

export function pgMigrationsFolder(): string {
  return process.env.GOLDSET_MIGRATIONS_PG_DIR ?? join(process.cwd(), "db", "migrations-pg");
}

export type MigrationStatus = { latest: number; pending: string[]; ahead: boolean };

/** The migrations of `folder` newer than `lastApplied` (epoch ms, undefined when none is), by tag. */
export function migrationStatus(folder: string, lastApplied: number | undefined): MigrationStatus {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  const tagOf = new Map(journal.entries.map((e) => [e.when, e.tag]));
  const latest = Math.max(0, ...migrations.map((m) => m.folderMillis));
  const pending = migrations
    .filter((m) => lastApplied === undefined || lastApplied < m.folderMillis)
    .map((m) => tagOf.get(m.folderMillis) ?? String(m.folderMillis));
  return { latest, pending, ahead: lastApplied !== undefined && lastApplied > latest };
}

/** The last migration applied to the SQLite file at `path` (its folder time), or undefined for a new file. */
export function lastAppliedSqlite(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
    if (!table) return undefined;
    const last = sqlite.prepare(`select created_at from "__drizzle_migrations" order by created_at desc limit 1`).get() as { created_at: number | string } | undefined;
    return last === undefined ? undefined : Number(last.created_at);
  } finally {
    sqlite.close();
  }
}
